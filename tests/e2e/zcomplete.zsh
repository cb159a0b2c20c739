# zcomplete.zsh COMPDIR BINDIR WORDS...: the matches zsh's completion system
# offers for "tlsmatrix WORDS<Tab>" (tlsmatrix from BINDIR), one a line,
# sorted, read from an interactive zsh on a pseudo-terminal (zpty). The
# caller bounds it with timeout(1); reads block until output arrives.
zmodload zsh/zpty || exit 2
compdir=$1 bindir=$2; shift 2
zpty z zsh -f -i
zpty -w z "PS1=''; path=(${(q)bindir} \$path); fpath=(${(q)compdir} \$fpath)"
zpty -w z 'autoload -U compinit; compinit -u -D; zstyle ":completion:*" menu no'
# print every match as it is added
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a __h; builtin compadd -A __h "$@"; local h; for h in $__h; do print -r -- "<M>$h</M>"; done; builtin compadd "$@"; }'
zpty -w z "print -r -- '<READY>'"
zpty -r z line '*<READY>*' || exit 3
zpty -w -n z "tlsmatrix $*"$'\t'
zpty -w z $'\C-u'"print -r -- '<DONE>'"
out= n=0
while (( n++ < 10000 )) && zpty -r z line; do
  out+=$line
  [[ $out == *'<DONE>'* ]] && break
done
print -r -- ${(F)${(M)${(s:<M>:)out}:#*</M>*}%%</M>*} | sort -u
zpty -d z
