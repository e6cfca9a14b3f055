package app.essence.messages.speech;

import app.essence.common.voice.ProviderErrorMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code POST /v1/text-to-speech/{voice_id}} on Vert.x's HTTP client, so that the answer is looked at before it
 * is read: a success must be {@code audio/mpeg} and no longer than the cap its text allows, an error answer is read
 * up to {@link ProviderErrorMapper#MAX_ERROR_BYTES}. What went wrong says whether the request had been sent:
 * only a call that never reached the provider ({@link NotSent}) may be made again without being billed twice.
 */
final class SpeechCall {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpeechCall() {
    }

    /** No connection to the provider: the request was not sent. */
    static final class NotSent extends RuntimeException {
        NotSent(Throwable cause) {
            super("the provider could not be reached: " + cause, cause);
        }
    }

    /** The request was sent, its whole answer did not come (within the idle or total time, or the line broke). */
    static final class NoWholeAnswer extends RuntimeException {
        NoWholeAnswer(String message, Throwable cause) {
            super(message, cause);
        }

        /** Out of time (idle or total), rather than a line that broke. */
        boolean timedOut() {
            for (Throwable cause = this; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.util.concurrent.TimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The call's total time ran out: a time-out, which the provider-call meter counts as one. */
    static final class TimedOut extends java.util.concurrent.TimeoutException {
        TimedOut(Duration total) {
            super("no whole answer within " + total);
        }
    }

    /** A success that is not the MP3 asked for: a proxy's page, or the wrong address. Ours to fix. */
    static final class NotAudio extends RuntimeException {
        NotAudio(String contentType) {
            super("the provider answered 200 with " + contentType + ", not audio/mpeg");
        }
    }

    /** More audio than the text could take to say. */
    static final class TooMuchAudio extends RuntimeException {
        TooMuchAudio(long most) {
            super("the provider's audio is longer than the " + most + " bytes its text allows");
        }
    }

    record Target(String baseUrl, String apiKey, String outputFormat, Duration idleTimeout) {
    }

    /**
     * The MP3 for the body, at most {@code maxBytes}, within {@code total}: past it the call is reset and fails
     * with {@link NoWholeAnswer} (a cancelled Uni resets it too).
     */
    static Uni<byte[]> speak(HttpClient http, Target target, String voiceId, TextToSpeechApi.SpeechBody body,
            long maxBytes, Duration total) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String uri = target.baseUrl().replaceAll("/+$", "") + "/v1/text-to-speech/"
                + URLEncoder.encode(voiceId, StandardCharsets.UTF_8).replace("+", "%20") + "?output_format="
                + URLEncoder.encode(target.outputFormat(), StandardCharsets.UTF_8);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
                .putHeader(TextToSpeechApi.API_KEY_HEADER, target.apiKey())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "audio/mpeg")
                .setIdleTimeout(target.idleTimeout().toMillis());
        Uni<byte[]> call = Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            AtomicBoolean over = new AtomicBoolean();
            emitter.onTermination(() -> {
                // cancelled or timed out: drop the connection rather than leave the answer streaming in
                HttpClientRequest request = sent.get();
                if (over.compareAndSet(false, true) && request != null) {
                    request.reset();
                }
            });
            http.request(options).onComplete(connected -> {
                if (connected.failed()) {
                    over.set(true);
                    emitter.fail(new NotSent(connected.cause()));
                    return;
                }
                HttpClientRequest request = connected.result();
                sent.set(request);
                if (over.get()) {
                    request.reset(); // given up on while it was connecting: never sent
                    return;
                }
                request.send(Buffer.buffer(json)).onComplete(answered -> {
                    if (answered.failed()) {
                        finish(over, () -> emitter.fail(new NoWholeAnswer("no answer: " + answered.cause(),
                                answered.cause())));
                        return;
                    }
                    read(answered.result(), request, maxBytes, over, emitter);
                });
            });
        });
        return call.ifNoItem().after(total).failWith(() -> new NoWholeAnswer("out of time",
                new TimedOut(total)));
    }

    private static void read(HttpClientResponse response, HttpClientRequest request, long maxBytes,
            AtomicBoolean over, io.smallrye.mutiny.subscription.UniEmitter<? super byte[]> emitter) {
        int status = response.statusCode();
        boolean success = status / 100 == 2;
        String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
        long most = success ? maxBytes : ProviderErrorMapper.MAX_ERROR_BYTES;
        if (success && (contentType == null || !contentType.toLowerCase().startsWith("audio/mpeg"))) {
            finish(over, () -> emitter.fail(new NotAudio(contentType)));
            request.reset();
            return;
        }
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (success && length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > most) {
            finish(over, () -> emitter.fail(new TooMuchAudio(most)));
            request.reset();
            return;
        }
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (over.get()) {
                return;
            }
            if (received.length() + chunk.length() > most) {
                if (success) {
                    finish(over, () -> emitter.fail(new TooMuchAudio(most)));
                } else {
                    // enough of an error answer to say what it is
                    received.appendBuffer(chunk, 0, (int) (most - received.length()));
                    finish(over, () -> emitter.fail(ProviderErrorMapper.fromBody(status, response.statusMessage(),
                            received.toString(StandardCharsets.UTF_8))));
                }
                request.reset();
                return;
            }
            received.appendBuffer(chunk);
        });
        response.exceptionHandler(failure -> finish(over, () -> emitter.fail(new NoWholeAnswer(
                "the answer broke off: " + failure, failure))));
        response.endHandler(ignored -> finish(over, () -> {
            if (success) {
                emitter.complete(received.getBytes());
            } else {
                emitter.fail(ProviderErrorMapper.fromBody(status, response.statusMessage(),
                        received.toString(StandardCharsets.UTF_8)));
            }
        }));
    }

    /** Settles the call once: the first of end, failure, cap or timeout wins. */
    private static void finish(AtomicBoolean over, Runnable settle) {
        if (over.compareAndSet(false, true)) {
            settle.run();
        }
    }
}
