#!/usr/bin/env python3
# tests/lab/clients/dh1024.py: print a 1024-bit DH group as PEM (PKCS #3).
#
# The group is Oakley group 2 (RFC 2409 §6.2), generator 2: fixed, so the
# lab needs no slow parameter generation. Used by lab_fid_certs in
# tests/lab/lab.sh for the "DHE with a 1024-bit group" server.
import base64
import sys

P = int("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
        "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
        "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381"
        "FFFFFFFFFFFFFFFF", 16)


def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_int(n):
    b = n.to_bytes(n.bit_length() // 8 + 1, "big")
    return b"\x02" + der_len(len(b)) + b


body = der_int(P) + der_int(2)
der = b"\x30" + der_len(len(body)) + body
b64 = base64.b64encode(der).decode()
sys.stdout.write("-----BEGIN DH PARAMETERS-----\n")
for i in range(0, len(b64), 64):
    sys.stdout.write(b64[i:i + 64] + "\n")
sys.stdout.write("-----END DH PARAMETERS-----\n")
