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

-- Operator overrides of the default quotas (spec §9.9); absent row = default.
create table quota_overrides (
  account_id  char(12)     not null references accounts (id) on delete cascade,
  region      varchar(32)  not null,
  quota_name  varchar(128) not null,
  quota_value bigint       not null check (quota_value >= 0),
  primary key (account_id, region, quota_name)
);

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
-- counts, so quota checks read a few rows instead of scanning every endpoint. Keys are the quota
-- short keys: models, endpoint-configs, endpoints, instances, instance-type:<type>.
create table resource_usage (
  account_id  char(12)     not null,
  region      varchar(32)  not null,
  usage_key   varchar(160) not null,
  amount      bigint       not null,
  primary key (account_id, region, usage_key)
);

create function berth_add_usage(acct char(12), reg varchar, usage_key varchar, delta bigint)
  returns void language sql as $$
  insert into resource_usage as u (account_id, region, usage_key, amount)
  values (acct, reg, usage_key, delta)
  on conflict (account_id, region, usage_key) do update set amount = u.amount + excluded.amount
$$;

-- Desired instances per instance type of an endpoint's live and pending fleets.
create function berth_fleet_instances(variants text, pending_variants text)
  returns table (instance_type text, instances bigint) language sql immutable as $$
  select v->>'InstanceType', sum((v->>'DesiredInstanceCount')::bigint)
    from jsonb_array_elements(coalesce(variants, '[]')::jsonb || coalesce(pending_variants, '[]')::jsonb) v
   where v->>'InstanceType' is not null
   group by 1
$$;

create function berth_count_resources() returns trigger language plpgsql as $$
declare
  usage_key text := case tg_table_name
    when 'models' then 'models'
    when 'endpoint_configs' then 'endpoint-configs'
    else 'endpoints' end;
begin
  if tg_op = 'INSERT' then
    perform berth_add_usage(new.account_id, new.region, usage_key, 1);
  else
    perform berth_add_usage(old.account_id, old.region, usage_key, -1);
  end if;
  return null;
end $$;

create function berth_count_instances() returns trigger language plpgsql as $$
declare
  f record;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    for f in select * from berth_fleet_instances(old.variants, old.pending_variants) loop
      perform berth_add_usage(old.account_id, old.region, 'instances', -f.instances);
      perform berth_add_usage(old.account_id, old.region, 'instance-type:' || f.instance_type, -f.instances);
    end loop;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    for f in select * from berth_fleet_instances(new.variants, new.pending_variants) loop
      perform berth_add_usage(new.account_id, new.region, 'instances', f.instances);
      perform berth_add_usage(new.account_id, new.region, 'instance-type:' || f.instance_type, f.instances);
    end loop;
  end if;
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
