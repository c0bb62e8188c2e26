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
        exit.start();
    }
}
