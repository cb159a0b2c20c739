// tests/lab/clients/node.js: one handshake with Node's default TLS client.
//
// Ground truth for the node-* profiles (tests/e2e/fidelity.sh): tls.connect
// with the lab CA as `ca` and nothing else changed, which is what https.get
// does (default ciphers, minVersion TLSv1.2, the bundled OpenSSL at
// security level 1, checkServerIdentity against servername). Connects to
// ADDR:PORT, sends NAME as SNI and prints one JSON line
//   {"ok", "version", "cipher" (OpenSSL name), "error" (raw), "class"}
// with "class" as tlsmatrix reasons, "a|b" when the text allows several.
'use strict';
const fs = require('fs');
const tls = require('tls');

const CLASSES = [
	[/alert handshake failure/i,
	    'server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg'],
	[/alert protocol version|unsupported protocol|no protocols available|wrong ssl version/i,
	    'no-shared-protocol'],
	[/no ciphers available|no shared cipher/i, 'no-shared-cipher'],
	[/legacy sigalg|wrong signature type/i, 'legacy-signature'],
	[/dh key too small/i, 'dh-too-small'],
	[/ee key too small|ca key too small|KEY_TOO_SMALL/i, 'key-too-small'],
	[/CERT_HAS_EXPIRED|has expired/i, 'cert-expired'],
	[/CERT_NOT_YET_VALID/i, 'cert-not-yet-valid'],
	[/ERR_TLS_CERT_ALTNAME_INVALID|does not match|Hostname\/IP/i, 'cert-hostname'],
	[/MD_TOO_WEAK|too weak/i, 'cert-weak-signature'],
	[/UNABLE_TO_GET_ISSUER|SELF_SIGNED|UNABLE_TO_VERIFY_LEAF/i, 'cert-untrusted'],
	[/INVALID_CA|KEY_USAGE|BCONS/i, 'cert-strict'],
	[/ETIMEDOUT|timed out/i, 'timeout'],
	[/ECONNREFUSED/i, 'refused'],
	[/ECONNRESET/i, 'reset'],
	[/socket disconnected|EOF/i, 'closed'],
	[/alert/i, 'server-alert'],
];

function classify(text) {
	for (const [re, cls] of CLASSES)
		if (re.test(text))
			return cls;
	return 'unknown';
}

const [ca, name, addr, port] = process.argv.slice(2);
if (port === undefined) {
	process.stderr.write('usage: node.js CAFILE NAME ADDR PORT\n');
	process.exit(2);
}
let done = false;
function finish(out) {
	if (done)
		return;
	done = true;
	process.stdout.write(JSON.stringify(out) + '\n');
	process.exit(0);
}
// CAFILE "-": no `ca`, so Node's default trust store (its bundled roots).
const opts = { host: addr, port: Number(port), servername: name };
if (ca !== '-')
	opts.ca = fs.readFileSync(ca);
const s = tls.connect(opts, () => {
	const c = s.getCipher();
	const out = { ok: true, version: s.getProtocol(),
	    cipher: c ? c.name : null, error: null, class: null };
	s.destroy();
	finish(out);
});
s.setTimeout(5000, () => {
	s.destroy();
	finish({ ok: false, version: null, cipher: null, error: 'timed out',
	    class: 'timeout' });
});
s.on('error', (e) => {
	const text = (e.code ? e.code + ': ' : '') + e.message;
	finish({ ok: false, version: null, cipher: null, error: text,
	    class: classify(text) });
});
