package io.nostale.renderer.live;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad live setting into Boot's short "APPLICATION FAILED TO START" report instead of a stack trace. */
class LiveConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidLiveConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidLiveConfigurationException cause) {
        String env = cause.property().toUpperCase().replace('.', '_').replace('-', '_');
        return new FailureAnalysis(
                "The renderer cannot start: " + cause.property() + " is invalid: " + cause.reason(),
                "Set " + cause.property() + " (environment variable " + env + ")"
                        + (cause.property().endsWith("token-keys")
                                ? " to id:base64secret[,id:base64secret], the same value as the gateway's"
                                + " NOSTALE_GATEWAY_TOKEN_KEYS; each secret needs at least 32 bytes"
                                + " (e.g. key1:$(openssl rand -base64 32))."
                                : "."),
                cause);
    }
}
