package app.essence.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher never puts a secret on a command line, where {@code ps} shows it to every user of the machine. Every
 * program {@code ./essence token} runs is replaced by a shim that writes down its arguments before running the real
 * one, as {@code ps} would see them; the token is then checked against the secret. No stack is started.
 */
class LauncherSecretsTests {
    private static final List<String> WATCHED = List.of("openssl", "md5sum", "cut", "tr", "date", "cat", "env",
            "mkdir", "mktemp", "mv", "rm", "java");

    @TempDir
    Path home;

    @Test
    void aTokenIsSignedWithoutTheSecretOnAnyCommandLine() throws Exception {
        String secret = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(32));
        Files.writeString(home.resolve("jwt-secret"), secret + "\n");
        Path commandLines = home.resolve("command-lines");
        Path shims = shims(commandLines);

        ProcessBuilder launcher = new ProcessBuilder(LocalStack.ROOT.resolve("essence").toString(), "token", "alice")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        launcher.environment().put("ESSENCE_HOME", home.toString());
        launcher.environment().put("PATH", shims + File.pathSeparator + System.getenv("PATH"));
        launcher.environment().put("COMMAND_LINES", commandLines.toString());
        Process process = launcher.start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());

        List<String> seen = Files.readAllLines(commandLines);
        assertTrue(seen.stream().anyMatch(line -> line.startsWith("openssl ")), "no openssl call seen: " + seen);
        assertTrue(seen.stream().noneMatch(line -> line.contains(secret)), "the secret on a command line: " + seen);

        String[] parts = token.split("\\.");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = hmac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, Base64.getUrlDecoder().decode(parts[2]), "the token's signature");
    }

    /**
     * {@code ./essence stripe-event} signs with the local webhook secret (a Stripe {@code v1} HMAC over
     * {@code timestamp.body}) without the secret on any command line; a stand-in for billing-service takes the
     * delivery. Needs billing-service packaged (the reactor builds it before this module).
     */
    @Test
    void aStripeEventIsSignedWithoutTheSecretOnAnyCommandLine() throws Exception {
        String secret = "whsec_local_" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(24));
        Files.writeString(home.resolve("stripe-webhook-secret"), secret + "\n");
        Path commandLines = home.resolve("command-lines");
        Path shims = shims(commandLines);
        var delivered = new java.util.concurrent.CompletableFuture<String[]>();
        var billing = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        billing.createContext("/stripe/webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            delivered.complete(new String[] { exchange.getRequestHeaders().getFirst("Stripe-Signature"), body });
            byte[] answer = "{\"received\":true,\"outcome\":\"applied\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        billing.start();
        try {
            ProcessBuilder launcher = new ProcessBuilder(LocalStack.ROOT.resolve("essence").toString(),
                    "stripe-event", "customer.subscription.created", "alice", "family_archive")
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            launcher.environment().put("ESSENCE_HOME", home.toString());
            // billing-service is the fourth port from the base
            launcher.environment().put("ESSENCE_PORT_BASE", String.valueOf(billing.getAddress().getPort() - 3));
            launcher.environment().put("PATH", shims + File.pathSeparator + System.getenv("PATH"));
            launcher.environment().put("COMMAND_LINES", commandLines.toString());
            Process process = launcher.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), output);
        } finally {
            billing.stop(0);
        }

        List<String> seen = Files.readAllLines(commandLines);
        assertTrue(seen.stream().anyMatch(line -> line.startsWith("java ")), "no java call seen: " + seen);
        assertTrue(seen.stream().noneMatch(line -> line.contains(secret)), "the secret on a command line: " + seen);

        String[] request = delivered.get(5, TimeUnit.SECONDS);
        String timestamp = request[0].replaceAll("^t=(\\d+),.*$", "$1");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(hmac.doFinal((timestamp + "." + request[1])
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("t=" + timestamp + ",v1=" + expected, request[0]);
        assertTrue(request[1].contains("\"type\":\"customer.subscription.created\""), request[1]);
        assertTrue(request[1].contains("\"price_local_family_archive\""), request[1]);
    }

    @Test
    void theServicesGetTheirSecretsThroughTheEnvironmentOnly() throws IOException {
        // `env NAME=value program` would show the value in ps while env runs; bash's own assignments do not.
        Pattern envCommand = Pattern.compile("^\\s*(exec\\s+)?env\\s");
        List<String> lines = Files.readAllLines(LocalStack.ROOT.resolve("essence"));
        assertTrue(lines.stream().noneMatch(line -> envCommand.matcher(line).find()), "a line runs env");
        assertFalse(lines.stream().anyMatch(line -> line.contains("-hmac") || line.contains("hexkey:")),
                "a key on openssl's command line");
    }

    /** A folder of shims, one per watched program, each writing its command line before running the real one. */
    private Path shims(Path commandLines) throws IOException {
        Path folder = Files.createDirectory(home.resolve("shims"));
        for (String program : WATCHED) {
            String real = Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                    .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst()
                    .map(Path::toString).orElse(null);
            if (real == null) {
                continue;
            }
            Path shim = folder.resolve(program);
            Files.writeString(shim, "#!/bin/sh\nprintf '%s\\n' \"" + program + " $*\" >> \"$COMMAND_LINES\"\n"
                    + "exec " + real + " \"$@\"\n");
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createFile(commandLines);
        return folder;
    }
}
