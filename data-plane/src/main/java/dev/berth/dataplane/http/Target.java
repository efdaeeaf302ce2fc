package dev.berth.dataplane.http;

import dev.berth.dataplane.auth.Caller;
import dev.berth.dataplane.routes.EndpointRoute;
import dev.berth.dataplane.routes.VariantRoute;

/**
 * Where one invocation goes.
 *
 * @param caller who sent it
 * @param endpoint the endpoint, as the route table has it
 * @param variant the production variant picked
 */
record Target(Caller caller, EndpointRoute endpoint, VariantRoute variant) {}
