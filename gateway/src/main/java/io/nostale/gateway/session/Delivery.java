package io.nostale.gateway.session;

import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.catchup.CatchUpReaders;
import io.nostale.gateway.stream.ChangeLog;
import io.nostale.wire.ResumeProofs;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** What every {@link Subscription} shares: where records come from, where work runs, how frames are written. */
@Component
record Delivery(ChangeLog changeLog, CatchUpReaders readers, JsonMapper json, GatewayMetrics metrics,
                @Qualifier("liveExecutor") ExecutorService live,
                @Qualifier("catchUpExecutor") ExecutorService catchUp,
                GatewayProperties properties, ResumeProofs proofs) {
}
