/*
 * tests/lab/clients/Client.java: one handshake with Java's default client.
 *
 * Ground truth for the java-* profiles (tests/e2e/fidelity.sh): the default
 * SSLSocketFactory (trust store from -Djavax.net.ssl.trustStore, nothing
 * else changed), layered over a plain socket to ADDR:PORT with NAME as the
 * host, so JSSE sends NAME as SNI (dotted names only) and, with endpoint
 * identification "HTTPS", checks the certificate against NAME, as
 * HttpsURLConnection does. Prints one JSON line
 *   {"ok", "version", "cipher" (IANA name), "error" (raw), "class"}
 * with "class" as tlsmatrix reasons, "a|b" when the text allows several.
 * Compiled once by the test with the oldest javac; runs on 17 and later.
 */
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

public class Client {
	private static final String[][] CLASSES = {
		{ "fatal alert: handshake_failure",
		    "server-alert|no-shared-cipher|no-shared-group|no-shared-sigalg" },
		{ "fatal alert: protocol_version|No appropriate protocol|not accepted by client preferences|protocol version",
		    "no-shared-protocol|no-shared-cipher" },
		{ "fatal alert: insufficient_security", "server-alert|no-shared-cipher" },
		{ "DH ServerKeyExchange|DH keySize|does not comply to algorithm constraints",
		    "dh-too-small" },
		{ "handshake message .* exceeds the maximum",
		    "message-too-large" },
		{ "Extended key usage|ExtendedKeyUsage", "cert-eku" },
		{ "CertificateExpiredException|NotAfter|validity check failed",
		    "cert-expired" },
		{ "CertificateNotYetValid|NotBefore", "cert-not-yet-valid" },
		{ "No subject alternative|No name matching|subject alternative names",
		    "cert-hostname" },
		{ "keysize limits|key size", "key-too-small" },
		{ "signature algorithm|SHA1withRSA", "cert-weak-signature" },
		{ "unable to find valid certification path|PKIX path building",
		    "cert-untrusted" },
		{ "KeyUsage|basic constraints|BasicConstraints", "cert-strict" },
		{ "Read timed out|timed out", "timeout" },
		{ "Connection refused", "refused" },
		{ "Connection reset", "reset" },
		{ "Remote host terminated|EOFException|closed", "closed" },
		{ "fatal alert", "server-alert" },
	};

	static String classify(String text) {
		for (String[] c : CLASSES)
			if (Pattern.compile(c[0], Pattern.CASE_INSENSITIVE)
			    .matcher(text).find())
				return c[1];
		return "unknown";
	}

	static String q(String s) {
		if (s == null)
			return "null";
		StringBuilder b = new StringBuilder("\"");
		for (char ch : s.toCharArray()) {
			if (ch == '"' || ch == '\\')
				b.append('\\').append(ch);
			else if (ch < 0x20)
				b.append(String.format("\\u%04x", (int)ch));
			else
				b.append(ch);
		}
		return b.append('"').toString();
	}

	public static void main(String[] a) {
		if (a.length != 3) {
			System.err.println("usage: Client NAME ADDR PORT");
			System.exit(2);
		}
		String name = a[0], addr = a[1];
		int port = Integer.parseInt(a[2]);
		String out;
		try (Socket raw = new Socket()) {
			raw.connect(new InetSocketAddress(addr, port), 5000);
			raw.setSoTimeout(5000);
			SSLSocketFactory f =
			    (SSLSocketFactory)SSLSocketFactory.getDefault();
			try (SSLSocket s = (SSLSocket)f.createSocket(raw, name,
			    port, true)) {
				SSLParameters p = s.getSSLParameters();
				p.setEndpointIdentificationAlgorithm("HTTPS");
				s.setSSLParameters(p);
				s.startHandshake();
				out = "{\"ok\": true, \"version\": " +
				    q(s.getSession().getProtocol()) +
				    ", \"cipher\": " +
				    q(s.getSession().getCipherSuite()) +
				    ", \"error\": null, \"class\": null}";
			}
		} catch (Exception e) {
			StringBuilder t = new StringBuilder();
			for (Throwable c = e; c != null; c = c.getCause()) {
				if (t.length() > 0)
					t.append(" <- ");
				t.append(c.getClass().getSimpleName()).append(": ")
				    .append(c.getMessage());
			}
			out = "{\"ok\": false, \"version\": null, \"cipher\": null, " +
			    "\"error\": " + q(t.toString()) + ", \"class\": " +
			    q(classify(t.toString())) + "}";
		}
		System.out.println(out);
	}
}
