/**
 * The gateway. A page connects with the timepoint it was rendered at; the gateway finds where in the change
 * topic that page's unseen changes can start ({@code catchup}), replays exactly the changes whose
 * transactions are invisible in the page's snapshot and match what the page shows ({@code page}), then keeps
 * the connection on the shared tail of the stream ({@code stream}, {@code session}).
 */
package io.nostale.gateway;
