package io.nostale.load;

import io.nostale.load.measure.DriverThreads;
import io.nostale.load.page.Events;
import io.nostale.load.page.Opener;
import io.nostale.load.product.ProductUnderLoad;
import io.nostale.load.workload.CommitLog;
import io.nostale.load.workload.Database;
import io.nostale.load.workload.PagePlan;
import io.nostale.load.workload.RequestMarkers;
import io.nostale.load.workload.World;

/** What every build and step of one invocation shares: the product, the seeded world, the commit log. */
record Context(LoadOptions options, ProductUnderLoad product, Database db, World world, PagePlan plan, CommitLog log,
               RequestMarkers markers, Events events, Opener opener, DriverThreads threads) {
}
