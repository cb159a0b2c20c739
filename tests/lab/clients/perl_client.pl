#!/usr/bin/perl
# tests/lab/clients/perl_client.pl: one handshake with Perl's IO::Socket::SSL.
#
# Ground truth for the perl-io-socket-ssl profile (tests/e2e/fidelity.sh,
# tests/e2e/families.sh): Debian's libio-socket-ssl-perl over Net::SSLeay
# and the system OpenSSL 3.0. IO::Socket::SSL->new with its client
# defaults (SSL_verify_mode VERIFY_PEER, its own default cipher list and
# versions) plus SSL_ca_file, SSL_hostname = NAME (SNI) and
# SSL_verifycn_name = NAME with the "default" scheme (the name checked),
# dialing ADDR:PORT. CAFILE "-" sets no SSL_ca_file: IO::Socket::SSL then
# finds the default trust store itself (Mozilla::CA or OpenSSL's paths).
#
# Usage: perl perl_client.pl CAFILE NAME ADDR PORT
# Prints one JSON line {"ok", "version", "cipher" (OpenSSL name), "error"
# (raw), "class"}; "class" is the failure as tlsmatrix reasons, "a|b" when
# the message allows several. IO::Socket::SSL reports a failed
# verification as "certificate verify failed" only; a verify callback
# that returns OpenSSL's own verdict unchanged records the reason
# (X509_verify_cert_error_string) without changing what is accepted.
use strict;
use warnings;
use IO::Socket::SSL;
use JSON::PP;

my @CLASSES = (
	[qr/alert handshake failure/i,
	    'server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg'],
	[qr/alert protocol version|unsupported protocol|no protocols available|wrong ssl version|version too low/i,
	    'no-shared-protocol'],
	[qr/no ciphers available|no cipher match|no shared cipher/i, 'no-shared-cipher'],
	[qr/legacy sigalg|wrong signature type/i, 'legacy-signature'],
	[qr/dh key too small/i, 'dh-too-small'],
	[qr/ee key too small|ca key too small|key too weak/i, 'key-too-small'],
	[qr/has expired/i, 'cert-expired'],
	[qr/not yet valid/i, 'cert-not-yet-valid'],
	[qr/hostname verification failed|hostname mismatch|does not match/i, 'cert-hostname'],
	[qr/digest algorithm too weak|md too weak/i, 'cert-weak-signature'],
	[qr/unable to get local issuer|self.signed|unable to get issuer|unable to verify the first/i,
	    'cert-untrusted'],
	# OpenSSL's X509_V_ERR_INVALID_PURPOSE: the leaf's extended key usage
	# lacks serverAuth (measured on the trust lab's clientAuth-only leaf)
	[qr/unsuitable certificate purpose/i, 'cert-eku'],
	[qr/key usage|basic constraints|invalid ca/i, 'cert-strict'],
	[qr/certificate verify failed/i,
	    'cert-expired|cert-not-yet-valid|key-too-small|cert-weak-signature|cert-untrusted|cert-strict|cert-invalid'],
	[qr/timed out|timeout/i, 'timeout'],
	[qr/refused/i, 'refused'],
	[qr/reset by peer/i, 'reset'],
	[qr/unexpected eof|eof was observed|ssl_eof/i, 'closed'],
	[qr/alert/i, 'server-alert'],
);

sub classify {
	my ($text) = @_;
	for my $c (@CLASSES) {
		return $c->[1] if $text =~ $c->[0];
	}
	return 'unknown';
}

if (@ARGV != 4) {
	print STDERR "usage: perl_client.pl CAFILE NAME ADDR PORT\n";
	exit 2;
}
my ($ca, $name, $addr, $port) = @ARGV;
my %out = (ok => JSON::PP::false, version => undef, cipher => undef,
    error => undef, class => undef);
my @verify;	# OpenSSL's verify errors, in the order met
my %args = (
	PeerHost => $addr, PeerPort => $port, Timeout => 5,
	SSL_hostname => $name, SSL_verifycn_name => $name,
	SSL_verifycn_scheme => 'default',
	SSL_verify_callback => sub {
		my ($ok, $store) = @_;
		if (!$ok) {
			my $e = Net::SSLeay::X509_STORE_CTX_get_error($store);
			push @verify, Net::SSLeay::X509_verify_cert_error_string($e);
		}
		return $ok;
	},
);
$args{SSL_ca_file} = $ca unless $ca eq '-';
my $s = IO::Socket::SSL->new(%args);
if ($s) {
	$out{ok} = JSON::PP::true;
	# "TLSv1_3" as the other drivers write it: "TLSv1.3".
	($out{version} = $s->get_sslversion) =~ tr/_/./;
	$out{cipher} = $s->get_cipher;
	$s->close;
} else {
	my $text = $IO::Socket::SSL::SSL_ERROR || "$!";
	$text .= " (verify: " . join('; ', @verify) . ")" if @verify;
	$out{error} = $text;
	$out{class} = classify(@verify ? join('; ', @verify) : $text);
}
print JSON::PP->new->canonical->encode(\%out), "\n";
