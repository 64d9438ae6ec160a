package dev.multiserver.balancer.internal;

import io.netty.channel.group.ChannelGroup;

/**
 * What every connection of one balancer shares: settings, backends, pools, admission, open clients; {@code edgeCache}
 * is null without one.
 */
record ProxyContext(
        ProxyConfig config,
        BackendPool backends,
        UpstreamPools pools,
        AdmissionQueue admission,
        ChannelGroup clients,
        ShutdownSignal shutdown,
        BalancerMetrics metrics,
        RetryBudget retryBudget,
        LocalStage local,
        EdgeCache edgeCache) {
}
