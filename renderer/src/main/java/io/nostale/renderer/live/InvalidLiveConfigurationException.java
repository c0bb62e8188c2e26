package io.nostale.renderer.live;

/** Start-up refusal for a live-page setting; the message names the setting, never a secret value. */
final class InvalidLiveConfigurationException extends RuntimeException {

    private final String property;

    InvalidLiveConfigurationException(String property, String reason) {
        super(property + ": " + reason);
        this.property = property;
    }

    String property() {
        return property;
    }

    String reason() {
        return getMessage().substring(property.length() + 2);
    }
}
