<?php
// tests/lab/clients/php_client.php: one handshake with PHP's ssl:// stream.
//
// Ground truth for the php-8.2 profile (tests/e2e/fidelity.sh,
// tests/e2e/families.sh): Debian's php-cli with its openssl extension on
// the system OpenSSL 3.0. stream_socket_client("ssl://ADDR:PORT") with the
// default context options (PHP's own default cipher list, TLS 1.0 to 1.3,
// verify_peer and verify_peer_name on) plus cafile and peer_name = NAME
// (the SNI and the name checked). CAFILE "-" sets no cafile: PHP then
// uses OpenSSL's default paths (openssl.cafile/capath in php.ini unset).
//
// Usage: php php_client.php CAFILE NAME ADDR PORT
// Prints one JSON line {"ok", "version", "cipher" (OpenSSL name, from
// stream_get_meta_data), "error" (raw), "class"}; "class" is the failure as
// tlsmatrix reasons, "a|b" when it allows several.
//
// PHP words a failed verification only as "certificate verify failed":
// it keeps OpenSSL's verify result to itself. Where the message is that
// vague, the driver looks at what the server sent: a second connection
// without verification captures the certificate, and its dates, key size
// and signature digest say which check failed (the order is OpenSSL's:
// time before key and digest, which the chain walk meets first).

const CLASSES = [
    ['/alert handshake failure/i',
        'server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg'],
    ['/alert protocol version|unsupported protocol|no protocols available|wrong ssl version|version too low/i',
        'no-shared-protocol'],
    ['/no ciphers available|no cipher match|no shared cipher/i', 'no-shared-cipher'],
    ['/legacy sigalg|wrong signature type/i', 'legacy-signature'],
    ['/dh key too small/i', 'dh-too-small'],
    ['/ee key too small|ca key too small|key too weak/i', 'key-too-small'],
    ['/has expired/i', 'cert-expired'],
    ['/not yet valid/i', 'cert-not-yet-valid'],
    ['/did not match expected|hostname mismatch/i', 'cert-hostname'],
    ['/digest algorithm too weak|md too weak/i', 'cert-weak-signature'],
    ['/unable to get local issuer|self.signed|unable to get issuer/i', 'cert-untrusted'],
    ['/certificate verify failed/i',
        'cert-expired|cert-not-yet-valid|key-too-small|cert-weak-signature|cert-untrusted|cert-strict|cert-invalid'],
    ['/timed out|timeout/i', 'timeout'],
    ['/refused/i', 'refused'],
    ['/reset by peer/i', 'reset'],
    ['/unexpected eof|eof was observed/i', 'closed'],
    ['/alert/i', 'server-alert'],
];

function classify(string $text): string
{
    foreach (CLASSES as [$re, $cls])
        if (preg_match($re, $text))
            return $cls;
    return 'unknown';
}

$errors = [];
set_error_handler(function ($no, $str) use (&$errors) {
    $errors[] = $str;
    return true;
});

function connect(string $addr, string $port, array $ssl, &$errno, &$errstr)
{
    $target = strpos($addr, ':') !== false ? "[$addr]" : $addr;
    $ctx = stream_context_create(['ssl' => $ssl]);
    return stream_socket_client("ssl://$target:$port", $errno, $errstr, 5,
        STREAM_CLIENT_CONNECT, $ctx);
}

// The certificate the server sent, read without verification: which of
// the checks behind "certificate verify failed" it fails.
function narrow(string $addr, string $port, string $name): ?string
{
    $fp = connect($addr, $port, ['verify_peer' => false,
        'verify_peer_name' => false, 'peer_name' => $name,
        'capture_peer_cert' => true], $errno, $errstr);
    if ($fp === false)
        return null;
    $params = stream_context_get_params($fp);
    fclose($fp);
    $cert = $params['options']['ssl']['peer_certificate'] ?? null;
    if ($cert === null)
        return null;
    $x = openssl_x509_parse($cert);
    $now = time();
    if ($x['validTo_time_t'] < $now)
        return 'cert-expired';
    if ($x['validFrom_time_t'] > $now)
        return 'cert-not-yet-valid';
    $key = openssl_pkey_get_details(openssl_pkey_get_public($cert));
    if (($key['type'] ?? -1) == OPENSSL_KEYTYPE_RSA && $key['bits'] < 2048)
        return 'key-too-small';
    if (preg_match('/sha1|md5/i', $x['signatureTypeSN'] ?? ''))
        return 'cert-weak-signature';
    // PHP says only "certificate verify failed": an extended key usage
    // without serverAuth is OpenSSL's "unsuitable certificate purpose"
    $eku = $x['extensions']['extendedKeyUsage'] ?? null;
    if ($eku !== null && stripos($eku, 'Server Authentication') === false)
        return 'cert-eku';
    return null;
}

if ($argc != 5) {
    fwrite(STDERR, "usage: php_client.php CAFILE NAME ADDR PORT\n");
    exit(2);
}
[, $ca, $name, $addr, $port] = $argv;
$out = ['ok' => false, 'version' => null, 'cipher' => null, 'error' => null,
    'class' => null];
$ssl = ['peer_name' => $name];
if ($ca !== '-')
    $ssl['cafile'] = $ca;
$fp = connect($addr, $port, $ssl, $errno, $errstr);
if ($fp !== false) {
    $meta = stream_get_meta_data($fp);
    $out['ok'] = true;
    $out['version'] = $meta['crypto']['protocol'] ?? null;
    $out['cipher'] = $meta['crypto']['cipher_name'] ?? null;
    fclose($fp);
} else {
    $text = trim(implode(' | ', $errors));
    if ($text === '')
        $text = "$errno: $errstr";
    $out['error'] = preg_replace('/\s+/', ' ', $text);
    $out['class'] = classify($out['error']);
    if (preg_match('/certificate verify failed/i', $out['error']) &&
        strpos($out['class'], '|') !== false) {
        $n = narrow($addr, $port, $name);
        $out['class'] = $n ?? 'cert-untrusted|cert-strict|cert-invalid';
    }
}
echo json_encode($out), "\n";
