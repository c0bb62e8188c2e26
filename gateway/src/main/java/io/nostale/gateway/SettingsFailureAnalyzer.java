package io.nostale.gateway;

import io.nostale.wire.settings.InvalidSettingsException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns settings out of their bounds into Boot's short "APPLICATION FAILED TO START" report: one line naming every
 * setting to fix, instead of a binding stack trace. First in line, before Boot's own analyzer of binding failures,
 * which would otherwise describe the same failure as a wrapped exception.
 */
class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingsException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingsException cause) {
        return new FailureAnalysis("The gateway cannot start: " + cause.getMessage(),
                "Change " + String.join(", ", cause.settings()) + " (each a property or its environment variable;"
                        + " docs/operations.md lists every setting with its default and bounds).",
                cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
