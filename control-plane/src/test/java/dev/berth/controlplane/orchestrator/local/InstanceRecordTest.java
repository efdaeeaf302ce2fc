package dev.berth.controlplane.orchestrator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.orchestrator.FleetId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pid files: what they hold, and how a leftover process is recognised. */
class InstanceRecordTest {
  private static final FleetId FLEET = new FleetId(7, 9, "AllTraffic");

  @TempDir Path dir;
  private Process sleeper;

  @AfterEach
  void stop() {
    if (sleeper != null) {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void aRecordSurvivesTheRoundTripThroughItsFile() throws Exception {
    InstanceRecords records = new InstanceRecords(dir);
    InstanceRecord record =
        InstanceRecord.of(
            ProcessHandle.current(),
            8080,
            ProcessHandle.current(),
            FLEET,
            FLEET.name() + "-0",
            List.of("java", "-jar", "berth.jar", "runtime"));

    records.write(record);

    assertThat(records.fileOf(record))
        .isEqualTo(dir.resolve(FLEET.name()).resolve(FLEET.name() + "-0.json"));
    assertThat(records.all())
        .containsExactly(new InstanceRecords.Found(records.fileOf(record), record));
    assertThat(record.fleetId()).isEqualTo(FLEET);
    records.delete(record);
    assertThat(records.all()).isEmpty();
  }

  @Test
  void aRecordIsNotDeletedOnceItDescribesAnotherProcessOfTheSameName() throws Exception {
    InstanceRecords records = new InstanceRecords(dir);
    InstanceRecord old = record(1111, List.of("x"));
    InstanceRecord successor = record(2222, List.of("x"));
    records.write(old);
    records.write(successor);

    records.delete(old);

    assertThat(records.all()).extracting(InstanceRecords.Found::record).containsExactly(successor);
  }

  @Test
  void aProcessIsRecognisedByItsStartTimeAndCommandLine() throws Exception {
    sleeper = new ProcessBuilder("sleep", "60").start();
    ProcessHandle handle = sleeper.toHandle();
    List<String> command = List.of("sleep", "60");
    InstanceRecord record =
        InstanceRecord.of(handle, 1, ProcessHandle.current(), FLEET, "i", command);

    assertThat(record.describes(handle)).isTrue();
    assertThat(
            record(handle.pid(), List.of("java", "-jar", "berth.jar", "runtime")).describes(handle))
        .as("another command line")
        .isFalse();
    InstanceRecord earlier =
        new InstanceRecord(
            handle.pid(), "2001-01-01T00:00:00Z", 1, 1, null, 7, 9, "v", "f", "i", command);
    assertThat(earlier.describes(handle)).as("a reused pid").isFalse();
  }

  @Test
  void aRecordOfThisProcessOrOfADeadOneIsALeftover() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    sleeper = new ProcessBuilder("sleep", "60").start();

    assertThat(
            owned(ProcessHandle.current().pid()).ownedByAnotherLiveProcess(ProcessHandle.current()))
        .isFalse();
    assertThat(owned(dead.pid()).ownedByAnotherLiveProcess(ProcessHandle.current())).isFalse();
    assertThat(owned(sleeper.pid()).ownedByAnotherLiveProcess(ProcessHandle.current())).isTrue();
  }

  private static InstanceRecord record(long pid, List<String> command) {
    return new InstanceRecord(
        pid, null, 1, 1, null, 7, 9, "AllTraffic", FLEET.name(), "i", command);
  }

  private static InstanceRecord owned(long owner) {
    return new InstanceRecord(
        1, null, 1, owner, null, 7, 9, "AllTraffic", FLEET.name(), "i", List.of("x"));
  }
}
