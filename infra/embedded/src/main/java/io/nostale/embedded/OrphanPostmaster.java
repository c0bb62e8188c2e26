package io.nostale.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pg_ctl daemonizes the postmaster, so a JVM that dies without closing the stack (kill -9, a crashed test run)
 * would leave PostgreSQL running on our port and data directory. Its {@link PostmasterGuard} stops it then; if the
 * guard died with it, the leftover is stopped here before the next start, but only when no live process holds
 * zonky's lock on the directory, i.e. no running stack owns it.
 */
final class OrphanPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanPostmaster.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private OrphanPostmaster() {
    }

    static void stopIfLeftBehind(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        requireNotOwned(dataDir);
        Optional<ProcessHandle> postmaster = PostmasterGuard.postmasterPid(dataDir).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return; // a stale pid file; PostgreSQL removes it itself on start
        }
        long pid = postmaster.get().pid();
        log.warn("stopping PostgreSQL (pid {}) left running on {} by an earlier run", pid, dataDir);
        // SIGINT = "fast" shutdown: disconnects clients of the dead run instead of waiting for them
        new ProcessBuilder(List.of("kill", "-INT", Long.toString(pid))).inheritIO().start();
        Instant deadline = Instant.now().plus(STOP_WAIT);
        while (postmaster.get().isAlive()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("PostgreSQL left running by an earlier run (pid " + pid + ", data "
                        + dataDir + ") did not stop within " + STOP_WAIT.toSeconds() + " s; stop it by hand");
            }
            pause();
        }
    }

    private static void requireNotOwned(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
             FileChannel channel = file.getChannel()) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDir);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(dataDir);
        }
    }

    private static IllegalStateException inUse(Path dataDir) {
        return new IllegalStateException("the PostgreSQL data directory " + dataDir
                + " is in use by another running embedded stack; stop it first or use another directory");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an old PostgreSQL to stop", e);
        }
    }
}
