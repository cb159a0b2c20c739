# tests/lab/clients/ruby_client.rb: one handshake with Ruby's Net::HTTP.
#
# Ground truth for the ruby-3.1 profile (tests/e2e/fidelity.sh,
# tests/e2e/families.sh): Debian's ruby with its openssl extension on the
# system OpenSSL 3.0. Net::HTTP with use_ssl and ca_file, nothing else
# changed: SSLContext#set_params with DEFAULT_PARAMS (min_version TLS 1.0,
# VERIFY_PEER, verify_hostname) and the default cipher list. ipaddr makes
# it dial ADDR while NAME is the SNI and the name checked. CAFILE "-" keeps
# the default trust store (OpenSSL's default paths, DEFAULT_CERT_STORE).
# Only connects (Net::HTTP#start): no request is sent.
#
# Usage: ruby ruby_client.rb CAFILE NAME ADDR PORT
# Prints one JSON line {"ok", "version", "cipher" (OpenSSL name), "error"
# (raw), "class"}; "class" is the failure as tlsmatrix reasons, "a|b" when
# the message allows several. Ruby passes OpenSSL's own text through, the
# verify error in parentheses: "certificate verify failed (certificate has
# expired)".
require "json"
require "net/http"
require "openssl"

CLASSES = [
  [/alert handshake failure/i,
   "server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg"],
  [/alert protocol version|unsupported protocol|no protocols available|wrong ssl version|version too low/i,
   "no-shared-protocol"],
  [/no ciphers available|no cipher match|no shared cipher/i, "no-shared-cipher"],
  [/legacy sigalg|wrong signature type/i, "legacy-signature"],
  [/dh key too small/i, "dh-too-small"],
  [/ee key too small|ca key too small|key too weak/i, "key-too-small"],
  [/has expired/i, "cert-expired"],
  [/not yet valid/i, "cert-not-yet-valid"],
  [/hostname mismatch|does not match the server certificate/i, "cert-hostname"],
  [/digest algorithm too weak|md too weak/i, "cert-weak-signature"],
  [/unable to get local issuer|self.signed|unable to get issuer|unable to verify the first/i,
   "cert-untrusted"],
  # OpenSSL's X509_V_ERR_INVALID_PURPOSE: the leaf's extended key usage
  # lacks serverAuth (measured on the trust lab's clientAuth-only leaf)
  [/unsuitable certificate purpose/i, "cert-eku"],
  [/key usage|basic constraints|invalid ca/i, "cert-strict"],
  [/timed out|timeout|Net::OpenTimeout/i, "timeout"],
  [/refused/i, "refused"],
  [/reset by peer/i, "reset"],
  [/unexpected eof|eof was observed|EOFError|end of file/i, "closed"],
  [/alert/i, "server-alert"],
].freeze

def classify(text)
  CLASSES.each { |re, cls| return cls if re.match?(text) }
  "unknown"
end

if ARGV.length != 4
  warn "usage: ruby_client.rb CAFILE NAME ADDR PORT"
  exit 2
end
ca, name, addr, port = ARGV
out = { "ok" => false, "version" => nil, "cipher" => nil, "error" => nil,
        "class" => nil }
http = nil
begin
  http = Net::HTTP.new(name, Integer(port))
  http.ipaddr = addr
  http.use_ssl = true
  http.ca_file = ca unless ca == "-"
  http.open_timeout = 5
  http.read_timeout = 5
  http.start
  sock = http.instance_variable_get(:@socket).io
  out["ok"] = true
  out["version"] = sock.ssl_version
  out["cipher"] = sock.cipher && sock.cipher[0]
rescue StandardError, Timeout::Error => e
  out["error"] = "#{e.class}: #{e.message}"
  out["class"] = classify(out["error"])
ensure
  begin
    http.finish if http&.started?
  rescue StandardError
    nil
  end
end
puts JSON.generate(out)
