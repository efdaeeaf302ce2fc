package dev.berth.controlplane.domain;

import static dev.berth.controlplane.domain.EndpointStatus.Creating;
import static dev.berth.controlplane.domain.EndpointStatus.Deleting;
import static dev.berth.controlplane.domain.EndpointStatus.Failed;
import static dev.berth.controlplane.domain.EndpointStatus.InService;
import static dev.berth.controlplane.domain.EndpointStatus.OutOfService;
import static dev.berth.controlplane.domain.EndpointStatus.RollingBack;
import static dev.berth.controlplane.domain.EndpointStatus.SystemUpdating;
import static dev.berth.controlplane.domain.EndpointStatus.UpdateRollbackFailed;
import static dev.berth.controlplane.domain.EndpointStatus.Updating;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The endpoint lifecycle of spec §2.16, one row per status: whether a change is under way (ACK's
 * "busy" set), whether UpdateEndpoint and DeleteEndpoint may start, and where it may move next.
 */
class EndpointStatusTest {

  /**
   * @param inProgress in the busy set: Creating, Updating, SystemUpdating, RollingBack, Deleting
   * @param acceptsUpdate only InService may be updated (§2.16, §3.3: not Failed)
   * @param acceptsDelete InService | Failed | OutOfService | UpdateRollbackFailed ──> Deleting
   * @param next the legal next statuses
   */
  private record Row(
      boolean inProgress, boolean acceptsUpdate, boolean acceptsDelete, Set<EndpointStatus> next) {}

  private static final Map<EndpointStatus, Row> SPEC =
      Map.of(
          Creating, new Row(true, false, false, EnumSet.of(InService, Failed)),
          InService, new Row(false, true, true, EnumSet.of(Updating, SystemUpdating, Deleting)),
          Updating,
              new Row(true, false, false, EnumSet.of(InService, RollingBack, UpdateRollbackFailed)),
          // A rollback that itself fails leaves the endpoint on mixed configurations.
          RollingBack, new Row(true, false, false, EnumSet.of(InService, UpdateRollbackFailed)),
          SystemUpdating, new Row(true, false, false, EnumSet.of(InService)),
          Failed, new Row(false, false, true, EnumSet.of(Deleting)),
          OutOfService, new Row(false, false, true, EnumSet.of(Deleting)),
          UpdateRollbackFailed, new Row(false, false, true, EnumSet.of(Deleting)),
          // Deleting ends with the row gone, not with another status.
          Deleting, new Row(true, false, false, EnumSet.noneOf(EndpointStatus.class)));

  @Test
  void the_table_has_a_row_for_every_status() {
    assertThat(SPEC.keySet()).isEqualTo(EnumSet.allOf(EndpointStatus.class));
  }

  @ParameterizedTest
  @EnumSource(EndpointStatus.class)
  void in_progress_is_the_busy_set(EndpointStatus status) {
    assertThat(status.inProgress()).isEqualTo(SPEC.get(status).inProgress());
  }

  @ParameterizedTest
  @EnumSource(EndpointStatus.class)
  void only_an_in_service_endpoint_accepts_an_update(EndpointStatus status) {
    assertThat(status.acceptsUpdate()).isEqualTo(SPEC.get(status).acceptsUpdate());
  }

  @ParameterizedTest
  @EnumSource(EndpointStatus.class)
  void delete_is_accepted_exactly_when_no_change_is_under_way(EndpointStatus status) {
    assertThat(status.acceptsDelete()).isEqualTo(SPEC.get(status).acceptsDelete());
    assertThat(status.acceptsDelete()).isEqualTo(!status.inProgress());
  }

  static Stream<Arguments> everyPair() {
    return Stream.of(EndpointStatus.values())
        .flatMap(from -> Stream.of(EndpointStatus.values()).map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  void a_move_is_legal_exactly_when_the_spec_draws_it(EndpointStatus from, EndpointStatus to) {
    assertThat(from.canMoveTo(to)).isEqualTo(SPEC.get(from).next().contains(to));
  }

  @ParameterizedTest
  @EnumSource(EndpointStatus.class)
  void the_api_starts_a_change_only_where_the_lifecycle_allows_it(EndpointStatus status) {
    assertThat(status.canMoveTo(Updating)).isEqualTo(status.acceptsUpdate());
    assertThat(status.canMoveTo(Deleting)).isEqualTo(status.acceptsDelete());
  }

  @Test
  void nothing_moves_back_to_creating_or_to_out_of_service_or_stays_put() {
    for (EndpointStatus status : EndpointStatus.values()) {
      assertThat(status.canMoveTo(Creating)).as("%s -> Creating", status).isFalse();
      assertThat(status.canMoveTo(OutOfService)).as("%s -> OutOfService", status).isFalse();
      assertThat(status.canMoveTo(status)).as("%s -> itself", status).isFalse();
    }
  }
}
