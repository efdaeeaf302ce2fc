-- Operators may set a default for one instance type ('instance-type:ml.g5.xlarge') beside the
-- default for every type ('instance-type:*'): an account override wins, then the type's own
-- default, then the default for all types.
create or replace function berth_quota_limit(acct char(12), reg varchar, key varchar)
  returns bigint language sql stable as $$
  select coalesce(
    (select quota_value from quota_overrides
      where account_id = acct and region = reg and quota_key = key),
    (select quota_value from quota_defaults where quota_key = key),
    (select quota_value from quota_defaults
      where key like 'instance-type:%' and quota_key = 'instance-type:*'))
$$;
