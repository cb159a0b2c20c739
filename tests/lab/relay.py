"""relay(a, b): copy bytes both ways between two connected sockets until
either side closes or 30 s pass without traffic, then close both. Shared by
rr_proxy.py and ns_server.py (imported from this directory)."""
import select


def relay(a, b):
    try:
        while True:
            r, _, _ = select.select([a, b], [], [], 30)
            if not r:
                return
            for s in r:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        pass
    finally:
        a.close()
        b.close()
