package io.fundarb.ops.admin;

import io.fundarb.actors.asset.AssetEntity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * This member's view of the cluster on /metrics, sampled every second: the asset entities it
 * hosts, how many started and stopped here (rebalances, failovers, a member leaving), the members by
 * status and how long any member has been unreachable. Each member exposes its own, so Prometheus
 * scraping every member shows where the assets are and how often they move.
 */
final class ClusterMetrics {
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

  private final ActorSystem<?> system;
  private volatile Set<String> hosted = Set.of();
  private final AtomicLong arrived = new AtomicLong();
  private final AtomicLong departed = new AtomicLong();
  private final AtomicLong unreachableMs = new AtomicLong();

  private ClusterMetrics(ActorSystem<?> system) {
    this.system = system;
  }

  static void bind(MeterRegistry registry, ActorSystem<?> system) {
    ClusterMetrics m = new ClusterMetrics(system);
    Gauge.builder("fundarb_cluster_assets_hosted", m, x -> x.hosted.size())
        .description("asset entities running on this member").register(registry);
    Gauge.builder("fundarb_cluster_assets_started", m.arrived, AtomicLong::get)
        .description("asset entities started on this member: first placements and moves in (rebalance, failover)")
        .register(registry);
    Gauge.builder("fundarb_cluster_assets_departed", m.departed, AtomicLong::get)
        .description("asset entities that stopped on this member (moves out: rebalance, leaving)").register(registry);
    Gauge.builder("fundarb_cluster_unreachable_seconds", m.unreachableMs, ms -> ms.get() / 1_000.0)
        .description("seconds during which this member saw at least one member unreachable").register(registry);
    for (String status : new String[] {"up", "joining", "leaving", "exiting", "down"}) {
      Gauge.builder("fundarb_cluster_members", m, x -> x.members(status)).tag("status", status)
          .description("cluster members by status, as this member sees them").register(registry);
    }
    system.scheduler().scheduleAtFixedRate(SAMPLE_EVERY, SAMPLE_EVERY, m::sample, system.executionContext());
  }

  private double members(String status) {
    long n = 0;
    for (var member : Cluster.get(system).state().getMembers()) {
      n += member.status().toString().equalsIgnoreCase(status) ? 1 : 0;
    }
    return n;
  }

  private void sample() {
    if (!Cluster.get(system).state().getUnreachable().isEmpty()) {
      unreachableMs.addAndGet(SAMPLE_EVERY.toMillis());
    }
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      return;
    }
    AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
        ClusterSharding.get(system).shardState(), reply -> new GetShardRegionState(AssetEntity.TYPE_KEY, reply),
        SAMPLE_EVERY, system.scheduler()).thenAccept(this::update);
  }

  private void update(ShardRegion.CurrentShardRegionState state) {
    Set<String> now = new HashSet<>();
    state.getShards().forEach(shard -> now.addAll(shard.getEntityIds()));
    Set<String> before = hosted;
    arrived.addAndGet(now.stream().filter(id -> !before.contains(id)).count());
    departed.addAndGet(before.stream().filter(id -> !now.contains(id)).count());
    hosted = Set.copyOf(now);
  }
}
