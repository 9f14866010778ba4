package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BackendInfo;
import digits.api.ComputeBackend;
import digits.api.Trainer;
import digits.api.TrainingOutcome;
import digits.api.TrainingRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On a machine that looks like the H200 one (a stand-in nvidia-smi, the CUDA 13 and cuDNN 9
 * libraries as empty files), the launcher picks the cuDNN engine and its bundle starts; here the
 * libraries cannot load, so a training run says so in one line and trains on the CPU to the end.
 */
class CudnnEngineIT {

    @AfterEach
    void clear() {
        System.clearProperty("digits.gpu.query");
        System.clearProperty("digits.cuda.libraryPath");
    }

    @Test
    void withAGpuTheEnginePicksCudnnAndARunWhoseLibrariesCannotLoadTrainsOnTheCpu() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "cudnn-");
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 'NVIDIA H200, 9.0, 143771 MiB, 580.159.03'\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path libs = Files.createDirectories(dir.resolve("nvidia/cu13/lib"));
        for (String lib : CudaLibraries.required(13)) {
            Files.createFile(libs.resolve(lib));
        }
        System.setProperty("digits.gpu.query", smi.toString());
        System.setProperty("digits.cuda.libraryPath", libs.toString());
        LaunchPlan plan = LaunchPlan.create(new Options(true, true, TestWorkbench.home(), null, List.of(), null, false));
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the cuDNN engine is built by a JDK 22+ only");
        assertEquals(List.of("digits-cudnn"), plan.backend().engineFeatures(), plan.backend().notes().toString());
        assertEquals(libs.toString(), plan.frameworkProperties().get("digits.cudnn.libraries"));

        Path models = Files.createTempDirectory(Path.of("target"), "models-");
        try (TestWorkbench workbench = TestWorkbench.start(false, Map.of("digits.models", models.toString(),
                "digits.backend.note", plan.frameworkProperties().get("digits.backend.note"),
                "digits.cudnn.libraries", libs.toString()), "digits-cudnn")) {
            BackendInfo info = workbench.service(ComputeBackend.class, Duration.ofSeconds(60)).info();
            assertTrue(info.note().contains("with the cuDNN engine") && info.note().contains("NVIDIA H200"), info.summary());
            assertEquals(List.of(), workbench.inactiveBundles());
            assertTrue(workbench.bundleStates().contains("digits.engine.cudnn=32"), workbench.bundleStates());

            Trainer trainer = workbench.service(Trainer.class, Duration.ofSeconds(60));
            TrainingIT.Recorder recorder = new TrainingIT.Recorder();
            TrainingOutcome outcome = trainer.start(TrainingRequest.defaults("mnist").withModelName("cudnn-fallback")
                    .withEpochs(1).withTrainLimit(500), recorder).completion().toCompletableFuture().get(5, TimeUnit.MINUTES);
            assertEquals(TrainingOutcome.State.COMPLETED, outcome.state(), outcome.message());
            String said = String.join("\n", recorder.messages);
            assertTrue(said.contains("the GPU engine failed to start") && said.contains("training on the CPU"), said);
            assertTrue(Files.isRegularFile(models.resolve("cudnn-fallback.zip")));
        }
    }
}
