package io.nostale.renderer.live;

import java.net.URI;

/** The validated gateway URL pages connect to, and the origin the Content-Security-Policy must allow. */
public record GatewayAddress(URI url) {

    /** {@code ws://host:port}, for {@code connect-src}. */
    public String origin() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
