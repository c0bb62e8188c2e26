package io.nostale.embedded.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Copies a child process's output line by line to our stdout (prefixed) and to its log file. */
final class OutputPump {

    private OutputPump() {
    }

    static Thread start(String name, InputStream output, Path logFile, OutputTail tail) {
        Thread thread = new Thread(() -> pump(name, output, logFile, tail), name + "-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pump(String name, InputStream output, Path logFile, OutputTail tail) {
        String prefix = "[" + name + "] ";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                tail.add(line);
                System.out.println(prefix + line);
                log.write(line);
                log.write('\n');
                // flushed per line: the log is what someone reads after a crash
                log.flush();
            }
        } catch (IOException e) {
            // the process is gone (stream closed); nothing more to copy
            System.out.println(prefix + "(output no longer readable: " + e.getMessage() + ")");
        }
    }
}
