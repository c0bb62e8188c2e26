package io.nostale.load;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stdout, with the time: a run takes many minutes and readers want to see where it is. */
final class Say {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Say() {
    }

    static void line(String text) {
        System.out.println("[load " + LocalTime.now().format(TIME) + "] " + text);
    }
}
