#!/bin/sh
# tui_export_same.sh: the TUI's export (e), --batch and --export write the
# same bytes for the same run: one lab name with fixed certificates, the
# time pinned with SOURCE_DATE_EPOCH and --no-timings (issue #8).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tui/lib.sh"
. "$TOP_SRCDIR/tests/lab/lab.sh"

lab_need_tools openssl nginx timeout

lab_certs "$TEST_TMP/pki" || { echo "Bail out! lab_certs failed"; exit 1; }
lab_nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

ARGS="--resolve $LAB_NAME:$LAB_PORT:$LAB_ADDR_A,$LAB_ADDR_B --ca-file $LAB_CA
    --no-timings -p python-3.9,python-3.12 $LAB_NAME:$LAB_PORT"
export SOURCE_DATE_EPOCH=1700000000

TUI_NAME=te S=te
on_exit "T kill-server >/dev/null 2>&1"

# shellcheck disable=SC2086
T -f /dev/null new-session -d -s te -x 120 -y 40 \
    "SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH '$TLSMATRIX' $(echo $ARGS)"
wait_screen '([0-9]+)/\1 done' 30
ok $? "the TUI finished every cell"
# Every address enumerated too: the address detail says how.
T send-keys -t te Left
wait_screen 'connections: [0-9]+' 30
ok $? "the first address is enumerated"
T send-keys -t te Down
wait_screen 'connections: [0-9]+' 30
ok $? "the second address is enumerated"
T send-keys -t te e C-u "$TEST_TMP/tui.txt" Enter
wait_for 10 test -s "$TEST_TMP/tui.txt"
ok $? "e wrote the snapshot"
T send-keys -t te q

# shellcheck disable=SC2086
timeout 60 "$TLSMATRIX" --batch $ARGS -o "$TEST_TMP/export.txt" \
    > "$TEST_TMP/batch.txt" 2>/dev/null
is "$?" 1 "--batch: a cell fails (B and python-3.12)"
cmp -s "$TEST_TMP/batch.txt" "$TEST_TMP/export.txt"
ok $? "--batch and --export agree byte for byte"
cmp -s "$TEST_TMP/batch.txt" "$TEST_TMP/tui.txt"
st=$?
ok $st "the TUI's export and --batch agree byte for byte"
[ "$st" -eq 0 ] || diff "$TEST_TMP/batch.txt" "$TEST_TMP/tui.txt" | head -20 | sed 's/^/# /'
done_testing
