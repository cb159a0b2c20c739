// tests/lab/clients/go_client.go: one handshake with Go's crypto/tls client.
//
// Ground truth for the go-1.19 and go-1.19-tls profiles (tests/e2e/
// fidelity.sh, tests/e2e/families.sh). Built by the test itself with
// Debian's golang-1.19 (GOCACHE and GOPATH in the test's directory, no
// modules, no network). tls.Dial's defaults with only RootCAs and
// ServerName set: dials ADDR:PORT, sends NAME as SNI and checks the
// certificate against NAME. "-alpn h2,http/1.1" adds the ALPN list that
// net/http's client sends (the go-1.19 profile); without it the hello is
// tls.Dial's (go-1.19-tls). CAFILE "-" keeps Go's default trust store
// (RootCAs nil: the system bundle, SSL_CERT_FILE/SSL_CERT_DIR).
//
// Usage: go_client [-alpn LIST] CAFILE NAME ADDR PORT
// Prints one JSON line {"ok", "version", "cipher" (IANA name, from
// tls.CipherSuiteName), "error" (raw), "class"}; "class" is the failure as
// tlsmatrix reasons, "a|b" when the error allows several.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"regexp"
	"strings"
	"time"
)

type result struct {
	Ok      bool    `json:"ok"`
	Version *string `json:"version"`
	Cipher  *string `json:"cipher"`
	Error   *string `json:"error"`
	Class   *string `json:"class"`
}

// Go's error text -> reasons; first match wins. Go words its own errors
// (crypto/tls alert.go, x509/verify.go); the alert names are the RFC's.
var classes = []struct {
	re  *regexp.Regexp
	cls string
}{
	{regexp.MustCompile(`remote error: tls: handshake failure`),
		"server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg"},
	{regexp.MustCompile(`protocol version not supported|unsupported protocol version|server selected unsupported protocol`),
		"no-shared-protocol"},
	{regexp.MustCompile(`no cipher suite supported|unconfigured cipher`),
		"no-shared-cipher"},
	{regexp.MustCompile(`insecure algorithm SHA1|x509: .*SHA1`), "cert-weak-signature"},
	{regexp.MustCompile(`has expired|is after`), "cert-expired"},
	{regexp.MustCompile(`is before|not yet valid`), "cert-not-yet-valid"},
	{regexp.MustCompile(`certificate is valid for|certificate is not valid for any names|doesn't contain any IP SANs`),
		"cert-hostname"},
	{regexp.MustCompile(`unknown authority`), "cert-untrusted"},
	{regexp.MustCompile(`incompatible key usage`), "cert-eku|cert-strict"},
	{regexp.MustCompile(`key usage|not authorized to sign|basic constraints`),
		"cert-strict"},
	{regexp.MustCompile(`unsupported elliptic curve|CurvePreferences|unsupported curve`),
		"no-shared-group"},
	{regexp.MustCompile(`i/o timeout|deadline exceeded`), "timeout"},
	{regexp.MustCompile(`connection refused`), "refused"},
	{regexp.MustCompile(`connection reset`), "reset"},
	{regexp.MustCompile(`EOF`), "closed"},
	{regexp.MustCompile(`remote error`), "server-alert"},
}

func classify(err error) string {
	// What Go decided, by type first: the text alone is vaguer.
	var inv x509.CertificateInvalidError
	var host x509.HostnameError
	var ua x509.UnknownAuthorityError
	switch {
	case errors.As(err, &inv):
		switch inv.Reason {
		case x509.Expired:
			if strings.Contains(inv.Detail, "is before") {
				return "cert-not-yet-valid"
			}
			return "cert-expired"
		case x509.IncompatibleUsage:
			// the leaf's extended key usage lacks serverAuth (or an
			// intermediate's EKU does not cover it): measured on the
			// trust lab's clientAuth-only leaf
			return "cert-eku|cert-strict"
		case x509.NotAuthorizedToSign, x509.TooManyIntermediates:
			return "cert-strict"
		}
	case errors.As(err, &host):
		return "cert-hostname"
	case errors.As(err, &ua):
		if strings.Contains(err.Error(), "insecure algorithm") {
			return "cert-weak-signature"
		}
		return "cert-untrusted"
	}
	text := err.Error()
	for _, c := range classes {
		if c.re.MatchString(text) {
			return c.cls
		}
	}
	return "unknown"
}

func str(s string) *string { return &s }

func main() {
	alpn := flag.String("alpn", "", "ALPN protocols, comma separated")
	flag.Parse()
	args := flag.Args()
	if len(args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go_client [-alpn LIST] CAFILE NAME ADDR PORT")
		os.Exit(2)
	}
	ca, name, addr, port := args[0], args[1], args[2], args[3]
	cfg := &tls.Config{ServerName: name}
	if *alpn != "" {
		cfg.NextProtos = strings.Split(*alpn, ",")
	}
	out := result{}
	if ca != "-" {
		pem, err := os.ReadFile(ca)
		pool := x509.NewCertPool()
		if err != nil || !pool.AppendCertsFromPEM(pem) {
			out.Error = str(fmt.Sprintf("driver: cannot read CA file %s", ca))
			out.Class = str("driver")
			emit(out)
			return
		}
		cfg.RootCAs = pool
	}
	d := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", net.JoinHostPort(addr, port), cfg)
	if err != nil {
		out.Error = str(err.Error())
		out.Class = str(classify(err))
	} else {
		st := conn.ConnectionState()
		out.Ok = true
		v := map[uint16]string{tls.VersionTLS10: "TLSv1",
			tls.VersionTLS11: "TLSv1.1", tls.VersionTLS12: "TLSv1.2",
			tls.VersionTLS13: "TLSv1.3"}[st.Version]
		out.Version = str(v)
		out.Cipher = str(tls.CipherSuiteName(st.CipherSuite))
		conn.Close()
	}
	emit(out)
}

func emit(out result) {
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
