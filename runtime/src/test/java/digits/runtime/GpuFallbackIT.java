package digits.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digits.api.BackendInfo;
import digits.api.ComputeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With --gpu on a machine whose GPU cannot run ND4J's CUDA build, the workbench starts on the CPU and says why. */
class GpuFallbackIT {

    @Test
    void anUnsupportedGpuStartsTheWorkbenchOnTheCpuWithTheReasonInTheBackend() throws Exception {
        Path script = Files.createTempFile(Path.of("target"), "nvidia-smi", ".sh");
        Files.writeString(script, "#!/bin/sh\necho 'NVIDIA H100 80GB HBM3, 9.0, 81559 MiB, 550.54.15'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("digits.gpu.query", script.toAbsolutePath().toString());
        Options options = new Options(true, true, TestWorkbench.home(), null, java.util.List.of(), null, false);
        LaunchPlan plan = LaunchPlan.create(options);
        assertEquals("digits-cpu", plan.backend().feature());
        try (TestWorkbench workbench = TestWorkbench.start(false,
                Map.of("digits.backend.note", plan.frameworkProperties().get("digits.backend.note")))) {
            BackendInfo info = workbench.service(ComputeBackend.class, Duration.ofSeconds(60)).info();
            assertEquals("CPU", info.backend());
            assertTrue(info.note().contains("compute capability 9.0"), info.summary());
            // and why the cuDNN engine did not take it: no CUDA 12/13 libraries here, with where it looked
            assertTrue(info.note().contains("cuDNN engine not used") && info.note().contains("looked in"), info.summary());
            assertEquals(java.util.List.of(), workbench.inactiveBundles());
        } finally {
            System.clearProperty("digits.gpu.query");
        }
    }
}
