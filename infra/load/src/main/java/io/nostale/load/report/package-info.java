/** The results: one record per step and gateway build, written as JSON and CSV, a table, and PNG plots. */
package io.nostale.load.report;
