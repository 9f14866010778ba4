package digits.ui.internal.train;

import static digits.ui.internal.Parts.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BatchProgress;
import digits.api.BusyException;
import digits.api.EpochMetrics;
import digits.api.Trainer;
import digits.api.TrainingListener;
import digits.api.TrainingOutcome;
import digits.api.TrainingPolicy;
import digits.api.TrainingRequest;
import digits.api.TrainingRun;
import digits.ui.internal.Parts;
import digits.ui.internal.Services;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Train tab's run without a display, with a trainer written for the test: it "trains" on a
 * thread of its own, a batch every {@code pause} ms, with a loss that falls, and stops after the
 * batch in which it is told to, as the engine does.
 */
class TrainModelTest {

    private static final TrainingRequest REQUEST = TrainingPolicy.defaults("tiny");
    private static final int BATCHES = 4;

    private final Parts.Reports reports = new Parts.Reports();

    private static class SteppingTrainer implements Trainer {
        final long pause;
        final AtomicInteger batches = new AtomicInteger();
        volatile Thread thread;
        volatile TrainingRun current;

        SteppingTrainer(long pause) {
            this.pause = pause;
        }

        @Override
        public List<String> architectures() {
            return List.of(TrainingPolicy.ARCHITECTURE);
        }

        @Override
        public TrainingRun start(TrainingRequest request, TrainingListener listener) {
            CompletableFuture<TrainingOutcome> done = new CompletableFuture<>();
            List<EpochMetrics> history = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            TrainingRun run = new TrainingRun() {
                @Override
                public TrainingRequest request() {
                    return request;
                }

                @Override
                public void stop() {
                    stop.set(true);
                }

                @Override
                public CompletionStage<TrainingOutcome> completion() {
                    return done;
                }

                @Override
                public List<EpochMetrics> history() {
                    return List.copyOf(history);
                }
            };
            current = run;
            thread = new Thread(() -> {
                listener.onStart(request, 1000, 100);
                TrainingOutcome.State state = TrainingOutcome.State.COMPLETED;
                training:
                for (int epoch = 0; epoch < request.epochs(); epoch++) {
                    for (int b = 0; b < BATCHES; b++) {
                        listener.onBatch(new BatchProgress(epoch, b, BATCHES, 1.0 / (1 + batches.incrementAndGet()), 500));
                        try {
                            Thread.sleep(pause);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (stop.get()) {
                            state = TrainingOutcome.State.STOPPED;
                            break training;
                        }
                    }
                    EpochMetrics m = new EpochMetrics(epoch, 0.5 / (epoch + 1), 0.9, 0.6 / (epoch + 1), 0.88, 0.95, 0.9,
                            0.9, 0.001, 10, 10);
                    history.add(m);
                    listener.onEpoch(m);
                }
                TrainingOutcome o = new TrainingOutcome(state, request.modelName(), "", state + " as the test asked",
                        history);
                listener.onFinished(o);
                current = null;
                done.complete(o);
            }, "test-training");
            thread.start();
            return run;
        }

        @Override
        public TrainingRun resume(String modelName, int epochs, TrainingListener listener) throws BusyException {
            throw new BusyException("not in this test");
        }

        @Override
        public Optional<TrainingRun> current() {
            return Optional.ofNullable(current);
        }
    }

    private TrainModel model(Trainer trainer) {
        Services services = new Services(null);
        services.setTrainer(trainer);
        return new TrainModel(services, reports);
    }

    @Test
    void aFinishedRunHasDrawnEveryBatchAndEpochAndEndsAtAHundredPercent() throws Exception {
        SteppingTrainer trainer = new SteppingTrainer(0);
        TrainModel m = model(trainer);
        assertTrue(m.progressText().startsWith("No run yet"), m.progressText());
        m.start(REQUEST);
        await(() -> m.progressText().startsWith("Completed"), m::progressText);

        int epochs = REQUEST.epochs();
        assertEquals(epochs * BATCHES, m.curve(TrainModel.Curve.BATCH_LOSS).size());
        assertEquals(epochs, m.curve(TrainModel.Curve.TRAIN_LOSS).size());
        assertEquals(epochs, m.curve(TrainModel.Curve.VALIDATION_ACCURACY).size());
        // an epoch's point is at its number, counted from 1; a batch's at the share of its epoch done
        assertEquals(new TrainModel.Point(1, 0.5), m.curve(TrainModel.Curve.TRAIN_LOSS).get(0));
        assertEquals(0.25, m.curve(TrainModel.Curve.BATCH_LOSS).get(0).x(), 1e-9);
        assertEquals(100, m.percent());
        assertTrue(m.progressText().startsWith("Completed: model '" + REQUEST.modelName() + "' stored · 100%"),
                m.progressText());
        assertTrue(m.log(0).get(0).startsWith(REQUEST.modelName() + ": reference, adamax, batch 32, " + epochs + " epochs"),
                m.log(0).toString());
        assertEquals(List.of(), m.curve(TrainModel.Curve.BATCH_LOSS, epochs * BATCHES), "nothing past the end");
        await(() -> !m.running(), () -> "still running");
    }

    @Test
    void stopDuringTrainingStopsTheRunAfterItsBatch() throws Exception {
        SteppingTrainer trainer = new SteppingTrainer(20);
        TrainModel m = model(trainer);
        m.start(REQUEST);
        await(() -> m.curve(TrainModel.Curve.BATCH_LOSS).size() >= 3, m::progressText);
        assertTrue(m.running());
        assertTrue(m.progressText().matches("epoch 1/" + REQUEST.epochs() + " · batch \\d/4 · \\d+% · elapsed .* · ETA .*"),
                m.progressText());

        m.stop();
        await(() -> m.progressText().startsWith("Stopped"), m::progressText);
        trainer.thread.join(5_000);
        assertFalse(trainer.thread.isAlive(), "the trainer's thread ended");
        int seen = trainer.batches.get();
        assertTrue(seen < REQUEST.epochs() * BATCHES, "stopped early: " + seen + " batches");
        assertEquals(seen, m.curve(TrainModel.Curve.BATCH_LOSS).size(), "every batch trained is drawn");
        assertTrue(m.progressText().endsWith("checkpoint kept: Resume continues it"), m.progressText());
        assertTrue(reports.snapshot().contains("message: stopping '" + REQUEST.modelName() + "' after the current batch"),
                reports.snapshot().toString());
        assertFalse(m.running());
    }

    @Test
    void aTrainerThatCannotStartSaysWhyAndNothingRuns() {
        TrainModel m = model(new SteppingTrainer(0) {
            @Override
            public TrainingRun start(TrainingRequest request, TrainingListener listener) {
                throw new IllegalArgumentException("no dataset 'tiny'");
            }
        });
        m.start(REQUEST);
        assertEquals("Not started: no dataset 'tiny'", m.progressText());
        assertEquals(List.of("error: Start training: no dataset 'tiny'"), reports.snapshot());
        assertFalse(m.running());
    }
}
