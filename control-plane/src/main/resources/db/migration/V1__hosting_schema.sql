-- Berth control-plane schema. PostgreSQL is the source of truth: every invariant that must hold
-- under concurrency and across replicas is enforced here, not in Java.

create table accounts (
  id          char(12)    primary key check (id ~ '^[0-9]{12}$'),
  created_at  timestamptz not null default now()
);

create table access_keys (
  access_key_id      varchar(128) primary key,
  secret_access_key  varchar(128) not null,
  account_id         char(12)     not null references accounts (id) on delete cascade,
  -- Comma-separated allow-list of actions ("sagemaker:CreateEndpoint", "sagemaker:*"); null = all.
  allowed_actions    text,
  -- Admin keys may also call Berth's own operations (keys, quotas).
  admin              boolean      not null default false,
  created_at         timestamptz  not null default now()
);
create index access_keys_account on access_keys (account_id);

-- Quotas (spec §9.9) by short key: models, endpoint-configs, endpoints, instances,
-- instances-per-endpoint, instance-type:<type>. Defaults here, operator overrides per account
-- and region beside them; berth_quota_limit() is the one place that combines the two.
create table quota_defaults (
  quota_key   varchar(160) primary key,
  quota_value bigint       not null check (quota_value >= 0)
);
insert into quota_defaults (quota_key, quota_value) values
  ('endpoints', 100),
  ('endpoint-configs', 1000),
  ('models', 1000),
  ('instances-per-endpoint', 20),
  ('instances', 100),
  ('instance-type:*', 20);

create table quota_overrides (
  account_id  char(12)     not null references accounts (id) on delete cascade,
  region      varchar(32)  not null,
  quota_key   varchar(160) not null,
  quota_value bigint       not null check (quota_value >= 0),
  primary key (account_id, region, quota_key)
);

create function berth_quota_limit(acct char(12), reg varchar, key varchar)
  returns bigint language sql stable as $$
  select coalesce(
    (select quota_value from quota_overrides
      where account_id = acct and region = reg and quota_key = key),
    (select quota_value from quota_defaults
      where quota_key = case when key like 'instance-type:%' then 'instance-type:*' else key end))
$$;

create table models (
  id             bigint generated always as identity primary key,
  account_id     char(12)     not null references accounts (id),
  region         varchar(32)  not null,
  name           varchar(63)  not null,
  -- Names are unique per account and region ignoring case; the original case is kept in name.
  name_key       varchar(63)  generated always as (lower(name)) stored,
  creation_time  timestamptz  not null,
  definition     text         not null,
  tags           text         not null default '[]',
  constraint models_name_unique unique (account_id, region, name_key)
);

create table endpoint_configs (
  id             bigint generated always as identity primary key,
  account_id     char(12)     not null references accounts (id),
  region         varchar(32)  not null,
  name           varchar(63)  not null,
  name_key       varchar(63)  generated always as (lower(name)) stored,
  creation_time  timestamptz  not null,
  definition     text         not null,
  tags           text         not null default '[]',
  constraint endpoint_configs_name_unique unique (account_id, region, name_key)
);

create table endpoints (
  id                  bigint generated always as identity primary key,
  account_id          char(12)     not null references accounts (id),
  region              varchar(32)  not null,
  name                varchar(63)  not null,
  name_key            varchar(63)  generated always as (lower(name)) stored,
  -- A configuration in use can never be deleted (spec §9.1): the database refuses it.
  config_id           bigint       not null references endpoint_configs (id) on delete restrict,
  pending_config_id   bigint       references endpoint_configs (id) on delete restrict,
  status              varchar(32)  not null,
  failure_reason      varchar(1024),
  creation_time       timestamptz  not null,
  last_modified_time  timestamptz  not null,
  -- Variant state of the live fleet and of a pending deployment, as JSON arrays of
  -- {VariantName, InstanceType, DesiredInstanceCount, CurrentInstanceCount, DesiredWeight, CurrentWeight}.
  variants            text         not null default '[]',
  pending_variants    text,
  pending_start_time  timestamptz,
  deployment_config   text,
  tags                text         not null default '[]',
  -- Compare-and-set: every status change bumps it, so two writers cannot both move one endpoint.
  version             integer      not null default 0,
  constraint endpoints_name_unique unique (account_id, region, name_key)
);
create index endpoints_config on endpoints (config_id);
create index endpoints_pending_config on endpoints (pending_config_id);

-- Models and endpoint configurations are immutable: an update is a new resource.
create function berth_refuse_definition_change() returns trigger language plpgsql as $$
begin
  if new.definition is distinct from old.definition or new.name is distinct from old.name then
    raise exception '% definitions are immutable', tg_table_name using errcode = '55000';
  end if;
  return new;
end $$;
create trigger models_immutable before update on models
  for each row execute function berth_refuse_definition_change();
create trigger endpoint_configs_immutable before update on endpoint_configs
  for each row execute function berth_refuse_definition_change();

-- Listing pages walk these in creation order (the default sort) without a sort step.
create index models_by_time on models (account_id, region, creation_time, id);
create index endpoint_configs_by_time on endpoint_configs (account_id, region, creation_time, id);
create index endpoints_by_time on endpoints (account_id, region, creation_time, id);

-- What each account uses in each region, kept by triggers in the same transaction as the rows it
-- counts. Growing a count checks it against the quota right there: the usage row stays locked
-- until commit, so concurrent creates are counted one after another and N of them never pass a
-- quota of N-1, without any wider lock. A refusal is SQLSTATE BQ001 with the message
-- "quota <key> limit <n> used <n> delta <n>"; the control plane turns it into ResourceLimitExceeded.
create table resource_usage (
  account_id  char(12)     not null,
  region      varchar(32)  not null,
  usage_key   varchar(160) not null,
  amount      bigint       not null,
  primary key (account_id, region, usage_key)
);

create function berth_refuse_over_quota(acct char(12), reg varchar, key varchar, used bigint, delta bigint)
  returns void language plpgsql as $$
declare
  lim bigint := berth_quota_limit(acct, reg, key);
begin
  if delta > 0 and used + delta > lim then
    raise exception using errcode = 'BQ001',
      message = 'quota ' || key || ' limit ' || lim || ' used ' || used || ' delta ' || delta;
  end if;
end $$;

create function berth_add_usage(acct char(12), reg varchar, key varchar, delta bigint)
  returns void language plpgsql as $$
declare
  after bigint;
begin
  if delta = 0 then
    return;
  end if;
  insert into resource_usage as u (account_id, region, usage_key, amount)
  values (acct, reg, key, delta)
  on conflict (account_id, region, usage_key) do update set amount = u.amount + excluded.amount
  returning amount into after;
  perform berth_refuse_over_quota(acct, reg, key, after - delta, delta);
end $$;

-- Desired instances per instance type of one fleet (a JSON array of variant states).
create function berth_fleet_instances(fleet text)
  returns table (instance_type text, instances bigint) language sql immutable as $$
  select v->>'InstanceType', sum((v->>'DesiredInstanceCount')::bigint)
    from jsonb_array_elements(coalesce(fleet, '[]')::jsonb) v
   where v->>'InstanceType' is not null
   group by 1
$$;

create function berth_fleet_size(fleet text) returns bigint language sql immutable as $$
  select coalesce(sum(instances), 0) from berth_fleet_instances(fleet)
$$;

-- How an endpoint's instances per type change between two states of its fleets.
create function berth_fleet_delta(old_live text, old_pending text, new_live text, new_pending text)
  returns table (instance_type text, delta bigint) language sql immutable as $$
  select coalesce(n.instance_type, o.instance_type),
         coalesce(n.instances, 0) - coalesce(o.instances, 0)
    from (select i.instance_type, sum(i.instances) as instances
            from (select * from berth_fleet_instances(new_live)
                  union all select * from berth_fleet_instances(new_pending)) i
           group by 1) n
    full join (select i.instance_type, sum(i.instances) as instances
                 from (select * from berth_fleet_instances(old_live)
                       union all select * from berth_fleet_instances(old_pending)) i
                group by 1) o
      on n.instance_type = o.instance_type
   order by 1
$$;

create function berth_count_resources() returns trigger language plpgsql as $$
declare
  key text := case tg_table_name
    when 'models' then 'models'
    when 'endpoint_configs' then 'endpoint-configs'
    else 'endpoints' end;
begin
  if tg_op = 'INSERT' then
    perform berth_add_usage(new.account_id, new.region, key, 1);
  else
    perform berth_add_usage(old.account_id, old.region, key, -1);
  end if;
  return null;
end $$;

-- An endpoint holds its live fleet and, during a blue/green update, its pending fleet too.
create function berth_count_instances() returns trigger language plpgsql as $$
declare
  old_live text;
  old_pending text;
  new_live text;
  new_pending text;
  acct char(12);
  reg varchar;
  f record;
  total bigint := 0;
begin
  if tg_op <> 'INSERT' then
    old_live := old.variants;
    old_pending := old.pending_variants;
    acct := old.account_id;
    reg := old.region;
  end if;
  if tg_op <> 'DELETE' then
    new_live := new.variants;
    new_pending := new.pending_variants;
    acct := new.account_id;
    reg := new.region;
    -- Each fleet on its own must fit the per-endpoint quota when it grows.
    perform berth_refuse_over_quota(acct, reg, 'instances-per-endpoint', 0, berth_fleet_size(new_live))
      where berth_fleet_size(new_live) > berth_fleet_size(old_live);
    perform berth_refuse_over_quota(acct, reg, 'instances-per-endpoint', 0, berth_fleet_size(new_pending))
      where berth_fleet_size(new_pending) > berth_fleet_size(old_pending);
  end if;
  select coalesce(sum(delta), 0) into total
    from berth_fleet_delta(old_live, old_pending, new_live, new_pending);
  perform berth_add_usage(acct, reg, 'instances', total);
  for f in select * from berth_fleet_delta(old_live, old_pending, new_live, new_pending) loop
    perform berth_add_usage(acct, reg, 'instance-type:' || f.instance_type, f.delta);
  end loop;
  return null;
end $$;

create trigger models_usage after insert or delete on models
  for each row execute function berth_count_resources();
create trigger endpoint_configs_usage after insert or delete on endpoint_configs
  for each row execute function berth_count_resources();
create trigger endpoints_usage after insert or delete on endpoints
  for each row execute function berth_count_resources();
create trigger endpoints_instance_usage after insert or delete or update of variants, pending_variants on endpoints
  for each row execute function berth_count_instances();
