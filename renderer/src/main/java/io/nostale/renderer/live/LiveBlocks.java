package io.nostale.renderer.live;

/**
 * The two script-safe JSON documents a live page embeds, rendered with triple mustaches:
 * {@code <script type="application/json" id="nostale-live">{{{live}}}</script>} and
 * {@code <script type="application/json" id="nostale-model">{{{model}}}</script>}.
 */
public record LiveBlocks(String live, String model) {
}
