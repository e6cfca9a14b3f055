import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * P3 (bench/run p3): one clips-service, one storage backend. (1) The live heap while one 10 MB clip upload runs:
 * attached to the service's JVM (its local management agent), the program forces a full GC and reads the heap's
 * use after it, again and again until the upload's answer arrives; growth = the highest of those readings minus
 * the reading just before the upload (garbage is not growth: every reading follows a full GC). (2) Uploads/s:
 * closed-loop uploads of a 1 s WAV (44.1 kHz) from as many senders as the service takes at once (its bulkhead), counting
 * 503s. Writes its table rows to {@code out} (appended). Not a test: it measures.
 */
public class P3Uploads {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> arg = Arrays.stream(args).map(a -> a.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        int uploads = Integer.parseInt(arg.getOrDefault("uploads", "7"));
        int warmup = Integer.parseInt(arg.getOrDefault("warmup", "3"));
        HttpClient http = HttpClient.newHttpClient();
        String backend = arg.get("backend");
        String clips = arg.get("clips");
        String token = arg.get("token");
        String profile = createProfile(http, arg.get("profiles"), token, backend);
        Path big = Files.createTempFile("p3-", ".wav");
        Path second = Files.createTempFile("p3-", ".wav");
        try {
            writeWav(big, Long.parseLong(arg.getOrDefault("bytes", "10000000")));
            writeWav(second, 44 + 88_200);
            Heap heap = attach(Long.parseLong(arg.get("pid")));

            for (int i = 0; i < warmup; i++) {
                int status = upload(http, clips, token, profile, i, HttpRequest.BodyPublishers.ofFile(big));
                require(status, "warm-up upload");
            }
            long[] growth = new long[uploads];
            long[] retained = new long[uploads];
            int[] readings = new int[uploads];
            for (int i = 0; i < uploads; i++) {
                long before = Math.min(live(heap), live(heap));
                int prompt = warmup + i;
                CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return upload(http, clips, token, profile, prompt, HttpRequest.BodyPublishers.ofFile(big));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long highest = before;
                while (!answer.isDone()) {
                    highest = Math.max(highest, live(heap));
                    readings[i]++;
                }
                require(answer.get(), "measured upload");
                growth[i] = highest - before;
                retained[i] = live(heap) - before;
            }
            System.out.printf("%s: heap growth per upload (KiB) %s, readings %s%n", backend,
                    Arrays.toString(Arrays.stream(growth).map(b -> b / 1024).toArray()), Arrays.toString(readings));

            Throughput load = throughput(http, clips, token, profile, second,
                    Integer.parseInt(arg.getOrDefault("senders", "8")),
                    Integer.parseInt(arg.getOrDefault("seconds", "20")));
            Files.writeString(Path.of(arg.get("out")), String.format(
                    "| %s | %.2f | %.2f | %.2f | %d | %.1f | %d | %d |%n", backend, mib(median(growth)),
                    mib(Arrays.stream(growth).max().orElseThrow()), mib(median(retained)),
                    Arrays.stream(readings).min().orElseThrow(), load.perSecond(), load.refused(), load.failed()),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            Files.deleteIfExists(big);
            Files.deleteIfExists(second);
        }
    }

    /** The service's heap, through its platform MBeans (the JDK's attach API starts its local agent). */
    /** The service's heap and its collectors, over JMX. */
    private record Heap(MemoryMXBean memory, List<GarbageCollectorMXBean> collectors) {
    }

    private static Heap attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address = vm.startLocalManagementAgent();
        vm.detach();
        MBeanServerConnection connection = JMXConnectorFactory.connect(new JMXServiceURL(address))
                .getMBeanServerConnection();
        List<GarbageCollectorMXBean> collectors = new ArrayList<>();
        for (ObjectName name : connection.queryNames(new ObjectName(ManagementFactory
                .GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
            collectors.add(ManagementFactory.newPlatformMXBeanProxy(connection, name.toString(),
                    GarbageCollectorMXBean.class));
        }
        return new Heap(ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class), collectors);
    }

    /**
     * What is live: the heap in use as the full GC left it, read from that collection's own record. Reading the heap
     * in use after the call instead counts what the upload allocated in between (a JMX round trip at ~100 MB/s of
     * garbage: megabytes) as growth.
     */
    private static long live(Heap heap) {
        heap.memory().gc();
        GcInfo last = null;
        List<String> pools = List.of();
        for (GarbageCollectorMXBean collector : heap.collectors()) {
            GcInfo info = collector.getLastGcInfo();
            if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
                last = info;
                pools = List.of(collector.getMemoryPoolNames());
            }
        }
        if (last == null) {
            throw new IllegalStateException("the service's collectors report no collection");
        }
        // The record covers every pool, metaspace and code cache too; a full collection manages the heap's.
        long used = 0;
        for (String pool : pools) {
            used += last.getMemoryUsageAfterGc().get(pool).getUsed();
        }
        return used;
    }

    private record Throughput(double perSecond, int refused, int failed) {
    }

    /** Closed loop: each sender uploads, waits for the answer, uploads again; 5 s of warm-up first. */
    private static Throughput throughput(HttpClient http, String clips, String token, String profile, Path clip,
            int senders, int seconds) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                for (int n = 0; System.nanoTime() < end; n++) {
                    boolean counted = System.nanoTime() > warmEnd;
                    int status;
                    try {
                        status = upload(http, clips, token, profile, (sender * 3 + n) % 25,
                                HttpRequest.BodyPublishers.ofFile(clip));
                    } catch (Exception e) {
                        status = -1;
                    }
                    if (!counted || System.nanoTime() > end) {
                        continue;
                    }
                    if (status == 200 || status == 201) {
                        ok.incrementAndGet();
                    } else if (status == 503) {
                        refused.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Throughput(ok.get() / (double) seconds, refused.get(), failed.get());
    }

    private static int upload(HttpClient http, String clips, String token, String profile, int prompt,
            HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(clips + "/v1/profiles/" + profile + "/clips/"
                + prompt)).header("Authorization", "Bearer " + token).header("Content-Type", "audio/wav")
                .PUT(body).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void require(int status, String what) {
        if (status != 200 && status != 201) {
            throw new IllegalStateException(what + " answered " + status + ": not a valid run");
        }
    }

    private static String createProfile(HttpClient http, String profiles, String token, String name)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(profiles + "/v1/profiles"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"P3 " + name + "\",\"relation\":\"bench\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("creating a profile answered " + response.statusCode());
        }
        return id.group(1);
    }

    /** A 16-bit mono 44.1 kHz PCM WAV of {@code bytes}: a tone over faint noise, written in 64 KiB pieces. */
    private static void writeWav(Path file, long bytes) throws IOException {
        int samples = (int) ((bytes - 44) / 2);
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(44_100).putInt(88_200).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2).flip();
        Random random = new Random(3);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < samples; i++) {
                chunk.putShort((short) (6000 * Math.sin(2 * Math.PI * 180 * i / 44_100.0) + 200 * random.nextGaussian()));
                if (!chunk.hasRemaining() || i == samples - 1) {
                    chunk.flip();
                    out.write(chunk);
                    chunk.clear();
                }
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
