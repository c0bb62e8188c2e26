package io.nostale.gateway.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Stops the gateway with exit code 1 when it must not run at all (a change topic that is not what the stream needs):
 * one log line saying why, then a normal shutdown. Retrying cannot help there, and serving pages from such a topic
 * would break the guarantee silently.
 */
@Component
class FatalExit {

    private static final Logger log = LoggerFactory.getLogger(FatalExit.class);

    private final ApplicationContext context;

    FatalExit(ApplicationContext context) {
        this.context = context;
    }

    void exit(String reason) {
        log.error("Refusing to run: {}", reason);
        // from a new thread: closing the context stops the tail, which waits for the thread that called this
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 1)), "nostale-gateway-exit");
        // not a daemon, whatever the caller is: once the context is closed no other thread keeps the JVM alive, and
        // it would end with status 0 before this one reached System.exit(1)
        exit.setDaemon(false);
        exit.start();
    }
}
