package app.essence.common.legacy;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run's report file: one CSV line per legacy row with what became of it (the ledger table holds the same per
 * row, and legacy_import_runs the run's counts).
 */
final class ImportReport implements Closeable {
    private final BufferedWriter writer;
    private final Path path;

    private ImportReport(Path path) throws IOException {
        this.path = path;
        this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        writer.write("legacy_id,status,reason,verified,storage_path,sha256,detail\n");
    }

    static ImportReport open(Path path) throws IOException {
        if (path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        return new ImportReport(path);
    }

    Path path() {
        return path;
    }

    void write(String legacyId, RowResult result) throws IOException {
        writer.write(String.join(",", csv(legacyId), csv(result.status()), csv(result.reason()),
                result.verified() == null ? "" : result.verified().toString(), csv(result.storagePath()),
                csv(result.sha256()), csv(result.detail())));
        writer.write('\n');
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        return value.matches("[^,\"\\r\\n]*") ? value : '"' + value.replace("\"", "\"\"") + '"';
    }

    /** One row's line; {@code verified} is null for rows not imported. */
    record RowResult(String status, String reason, Boolean verified, String storagePath, String sha256,
            String detail) {
    }
}
