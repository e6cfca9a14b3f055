package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The services' images (docs/deploy.md, "Images"). */
class ImageTests {
    /** Ubuntu's: it has the libstdc++ that FFmpeg, loaded through JavaCPP by clips and messages, needs. */
    private static final String BASE = "eclipse-temurin:25-jre";

    @Test
    void everyServiceRunsOnTheJreImageThatHasLibstdcxx() throws IOException {
        for (String service : Repository.SERVICES) {
            List<String> from = Files.readAllLines(Repository.ROOT.resolve(service + "-service/src/main/docker/"
                    + "Dockerfile.jvm")).stream().filter(line -> line.startsWith("FROM ")).toList();
            assertEquals(List.of("FROM " + BASE), from, service + "-service's image");
        }
    }
}
