package io.jenkins.plugins.systemtests.jenkins.environment;

import hudson.Extension;
import hudson.model.PeriodicWork;
import hudson.model.Project;
import hudson.model.Queue;
import io.jenkins.plugins.systemtests.core.env.GaveUpWait;
import io.jenkins.plugins.systemtests.core.env.GaveUpWaits;
import io.jenkins.plugins.systemtests.core.env.QueuedBuildWait;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The wait timeout of freestyle builds. They wait for their test environment in the build queue (lockable-resources
 * keeps them blocked), before any build exists; once one has waited longer than its step's wait timeout while the
 * environment is still held, this takes it out of the queue and records why on the job's page
 * ({@link GaveUpWaitsJobAction}) and in the log. It looks at blocked items
 * only, every 10 seconds, as a timer task (so as SYSTEM, seeing every item).
 */
@Extension
public class EnvironmentWaitTimeouts extends PeriodicWork {
    private static final Logger LOGGER = Logger.getLogger(EnvironmentWaitTimeouts.class.getName());
    private static final long PERIOD_MILLIS = 10_000;

    private record Cancelled(GaveUpWait gaveUp, File jobDirectory) {
    }

    @Override
    public long getRecurrencePeriod() {
        return PERIOD_MILLIS;
    }

    @Override
    protected void doRun() {
        Queue queue = Jenkins.get().getQueue();
        for (Queue.Item item : queue.getItems()) {
            if (!item.isBlocked()) {
                continue;
            }
            try {
                giveUpIfOver(queue, item.getId());
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Could not check the wait timeout of queue item " + item.getId(), e);
            }
        }
    }

    private static void giveUpIfOver(Queue queue, long itemId) {
        AtomicReference<Cancelled> cancelled = new AtomicReference<>();
        // Under the queue's lock the item cannot leave the blocked state meanwhile, so cancelling it never takes an
        // environment that lockable-resources has just given it.
        Queue.withLock(() -> {
            Queue.Item item = queue.getItem(itemId);
            if (item == null || !item.isBlocked() || !(item.task instanceof Project<?, ?> project)) {
                return;
            }
            for (QueuedBuildWait queued : QueuedEnvironmentWaits.of(item)) {
                String holder = EnvironmentResources.busyBecause(
                        queued.environmentWait().environment().resourceName());
                Optional<GaveUpWait> gaveUp = queued.giveUp(holder, Instant.now());
                if (gaveUp.isPresent()) {
                    if (queue.cancel(item)) {
                        cancelled.set(new Cancelled(gaveUp.get(), project.getRootDir()));
                    }
                    return;
                }
            }
        });
        Cancelled done = cancelled.get();
        if (done != null) {
            record(done);
        }
    }

    private static void record(Cancelled done) {
        GaveUpWait gaveUp = done.gaveUp();
        LOGGER.info(() -> gaveUp.job() + ": " + gaveUp.message());
        try {
            GaveUpWaits.inJobDirectory(done.jobDirectory().toPath()).add(gaveUp);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not record on the page of " + gaveUp.job() + " that a queued build gave "
                    + "up waiting: " + gaveUp.message(), e);
        }
    }
}
