package io.gymbridge.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Certificates and private keys in PEM files, read with the JDK alone and checked before use: a
 * certificate file holds one or more {@code CERTIFICATE} blocks (a server's chain: its own first);
 * a key file holds one unencrypted PKCS #8 {@code PRIVATE KEY} block, RSA or EC, as {@code openssl
 * genpkey} writes it.
 */
final class PemFiles {
    private PemFiles() {}

    /**
     * The certificates of a PEM file, in file order.
     *
     * @throws GeneralSecurityException naming the file if it holds no certificate or a bad one
     */
    static X509Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate[] certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                            .map(c -> (X509Certificate) c)
                            .toArray(X509Certificate[]::new);
            if (certs.length == 0) {
                throw new GeneralSecurityException(file + " holds no PEM CERTIFICATE block");
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new GeneralSecurityException(
                    file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /**
     * The private key of a PEM file.
     *
     * @throws GeneralSecurityException naming the file and saying how to convert a key in another
     *     format; never quoting the key
     */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            String hint =
                    text.contains("ENCRYPTED PRIVATE KEY")
                            ? "it is encrypted; the server needs it unencrypted (openssl pkcs8"
                                    + " -in KEY -out KEY.pk8) and readable by its user only"
                            : text.contains("RSA PRIVATE KEY") || text.contains("EC PRIVATE KEY")
                                    ? "it is in the traditional format; convert it with openssl"
                                            + " pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8"
                                    : "no -----BEGIN PRIVATE KEY----- block";
            throw new GeneralSecurityException(file + " is not a PKCS #8 PEM private key: " + hint);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(file + ": the key block is not valid base64");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm)
                        .generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException(file + " holds neither an RSA nor an EC private key");
    }

    /**
     * Checks that {@code key} belongs to {@code cert} by signing a random message with one and
     * verifying it with the other.
     *
     * @throws GeneralSecurityException if they do not match
     */
    static void checkPair(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile)
            throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] message = new byte[32];
        new SecureRandom().nextBytes(message);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(message);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new GeneralSecurityException(
                    "the key in " + keyFile + " does not belong to the certificate in " + certFile);
        }
    }
}
