package io.nostale.relay.capture;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/** Stops the application with exit code 1 when the relay refuses to run (see RelayMisconfiguredException). */
@Component
class FatalExit {

    private final ApplicationContext context;

    FatalExit(ApplicationContext context) {
        this.context = context;
    }

    void exit() {
        // from a new thread: closing the context stops the capture supervisor, which waits for its own thread
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 1)), "nostale-relay-exit");
        // not a daemon, whatever the caller is: once the context is closed no other thread keeps the JVM alive, and
        // it would end with status 0 before this one reached System.exit(1)
        exit.setDaemon(false);
        exit.start();
    }
}
