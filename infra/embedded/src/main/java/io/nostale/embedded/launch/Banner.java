package io.nostale.embedded.launch;

import io.nostale.embedded.EmbeddedStack;
import io.nostale.embedded.StackSettings;

import java.nio.file.Path;

/** What the launcher prints once everything is ready: where to go and how to look inside. */
final class Banner {

    private Banner() {
    }

    static String text(EmbeddedStack stack, Product product, Path dir, String visitors) {
        String rule = "=".repeat(72);
        return String.join("\n",
                "",
                rule,
                "  nostale is running",
                "",
                "  Open      " + product.rendererUrl(),
                "  Log in as alice, bob or carol; the password is: demo",
                "",
                "  PostgreSQL  PGPASSWORD=" + stack.password() + " psql -h " + stack.postgresHost() + " -p "
                        + stack.postgresPort() + " -U " + stack.username() + " " + stack.database(),
                "  Kafka       --bootstrap-server " + stack.kafkaBootstrapServers() + "   (topic nostale.changes)",
                "  Gateway     " + product.gatewayUrl(),
                "  Ports       " + ports(stack.settings(), product.settings()),
                "  Data        " + dir + "   (kept across runs; delete it to start over)",
                "  Logs        " + product.settings().logDir(),
                "  Visitors    " + visitors,
                "",
                "  Ctrl-C stops everything.",
                rule,
                "");
    }

    /** Every port in use, so a second run beside this one, or a clash, is easy to set up. */
    static String ports(StackSettings stack, ProductSettings product) {
        String indent = "\n" + " ".repeat(14);
        return "PostgreSQL " + stack.postgresPort() + ", Kafka " + stack.kafkaPort() + " (controller "
                + stack.kafkaControllerPort() + ")," + indent + "renderer " + product.rendererPort() + " (management "
                + product.rendererManagementPort() + "), gateway " + product.gatewayPort() + " (management "
                + product.gatewayManagementPort() + ")," + indent + "relay " + product.relayPort()
                + " (management only); --help lists the flags that move them";
    }
}
