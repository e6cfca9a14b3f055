package app.essence.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Callable;

/**
 * What an action cost the heap of this JVM, which a {@code @QuarkusTest} shares with the service under test: the
 * bytes all threads allocated meanwhile, and how much more the heap holds after a collection than before.
 */
public final class JvmAllocations {
    private JvmAllocations() {
    }

    public record During<T>(T result, long allocatedBytes, long heapGrowthBytes) {
    }

    public static <T> During<T> during(Callable<T> action) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        T result = action.call();
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        System.gc();
        return new During<>(result, allocated, memory.getHeapMemoryUsage().getUsed() - heapBefore);
    }
}
