-- The default model's adoption score (gitlab-current) as a data team would write it: one query in plain SQLite SQL over
-- PlatformBot's store. It is the peer that `platformbot score` is measured against (bench/perf-side-by-side.sh), and the
-- script checks that it agrees with the engine on every account, so it must follow docs/scoring.md to the letter:
--   * each instance's newest row on or before the as-of date; stale (more than 60 days old) or non-production: out
--   * per subscription, the primary instance: most billable users (unknown last), then later date, then smaller id
--   * a subscription ended on or before the date has no ARR and no usage (the churn rule)
--   * metric colors from the thresholds; points red 25 / yellow 63 / green 88; bands > 75 green, > 50 yellow
--   * SCM rolls up the raw ratio ARR-weighted ('ratio'); CI, CD and Security roll up each subscription's points
--     ARR-weighted ('points'); Security only on ultimate; one contributing subscription: its own value; every ARR 0:
--     the plain mean
--   * level: how many use cases are green (0, 1, 2, 3+), 'no data' when none is known
-- The thresholds are written out (not read from the model file), as a data team's query would have them.
-- Usage: sqlite3 platformbot.db -cmd ".parameter set @as_of '2026-12-07'" < score.sql   (prints CSV with a header)
.mode csv
.headers on
WITH
-- The store keeps a row's metrics as one comma-separated vector; metric_columns names each position.
cols AS (
  SELECT
    MAX(CASE name WHEN 'billable_users' THEN ordinal END) AS billable_users,
    MAX(CASE name WHEN 'git_operation_users_28d' THEN ordinal END) AS git_operation_users,
    MAX(CASE name WHEN 'ci_builds_28d' THEN ordinal END) AS ci_builds,
    MAX(CASE name WHEN 'deployment_users_28d' THEN ordinal END) AS deployment_users,
    MAX(CASE name WHEN 'deployments_28d' THEN ordinal END) AS deployments,
    MAX(CASE name WHEN 'successful_deployments_28d' THEN ordinal END) AS successful_deployments,
    MAX(CASE name WHEN 'failed_deployments_28d' THEN ordinal END) AS failed_deployments,
    MAX(CASE name WHEN 'secure_scanner_users_28d' THEN ordinal END) AS secure_scanner_users,
    MAX(CASE name WHEN 'ci_internal_pipelines_28d' THEN ordinal END) AS ci_internal_pipelines,
    MAX(CASE name WHEN 'sast_scans_28d' THEN ordinal END) AS sast,
    MAX(CASE name WHEN 'dast_scans_28d' THEN ordinal END) AS dast,
    MAX(CASE name WHEN 'dependency_scanning_scans_28d' THEN ordinal END) AS dependency_scanning,
    MAX(CASE name WHEN 'container_scanning_scans_28d' THEN ordinal END) AS container_scanning,
    MAX(CASE name WHEN 'secret_detection_scans_28d' THEN ordinal END) AS secret_detection,
    MAX(CASE name WHEN 'coverage_fuzzing_scans_28d' THEN ordinal END) AS coverage_fuzzing,
    MAX(CASE name WHEN 'api_fuzzing_scans_28d' THEN ordinal END) AS api_fuzzing
  FROM metric_columns
),
-- Each instance's newest row on or before the date; the row names the subscription it reported under.
latest AS (
  SELECT instance_id, subscription_id, instance_type, snapshot_date, metrics,
         ROW_NUMBER() OVER (PARTITION BY instance_id ORDER BY snapshot_date DESC) AS newest
  FROM usage_rows
  WHERE snapshot_date <= @as_of
),
-- Fresh production rows, the vector turned into a JSON array (an empty cell is unknown: null).
fresh AS (
  SELECT instance_id, subscription_id, snapshot_date,
         '[' || substr(replace(replace(',' || metrics || ',', ',,', ',null,'), ',,', ',null,'), 2,
                       length(replace(replace(',' || metrics || ',', ',,', ',null,'), ',,', ',null,')) - 2) || ']' AS v
  FROM latest
  WHERE newest = 1 AND lower(instance_type) = 'production' AND julianday(@as_of) - julianday(snapshot_date) <= 60
),
cells AS (
  SELECT f.instance_id, f.subscription_id, f.snapshot_date,
    CAST(json_extract(f.v, '$[' || c.billable_users || ']') AS REAL) AS billable_users,
    CAST(json_extract(f.v, '$[' || c.git_operation_users || ']') AS REAL) AS git_operation_users,
    CAST(json_extract(f.v, '$[' || c.ci_builds || ']') AS REAL) AS ci_builds,
    CAST(json_extract(f.v, '$[' || c.deployment_users || ']') AS REAL) AS deployment_users,
    CAST(json_extract(f.v, '$[' || c.deployments || ']') AS REAL) AS deployments,
    CAST(json_extract(f.v, '$[' || c.successful_deployments || ']') AS REAL) AS successful_deployments,
    CAST(json_extract(f.v, '$[' || c.failed_deployments || ']') AS REAL) AS failed_deployments,
    CAST(json_extract(f.v, '$[' || c.secure_scanner_users || ']') AS REAL) AS secure_scanner_users,
    CAST(json_extract(f.v, '$[' || c.ci_internal_pipelines || ']') AS REAL) AS ci_internal_pipelines,
    CAST(json_extract(f.v, '$[' || c.sast || ']') AS REAL) AS sast,
    CAST(json_extract(f.v, '$[' || c.dast || ']') AS REAL) AS dast,
    CAST(json_extract(f.v, '$[' || c.dependency_scanning || ']') AS REAL) AS dependency_scanning,
    CAST(json_extract(f.v, '$[' || c.container_scanning || ']') AS REAL) AS container_scanning,
    CAST(json_extract(f.v, '$[' || c.secret_detection || ']') AS REAL) AS secret_detection,
    CAST(json_extract(f.v, '$[' || c.coverage_fuzzing || ']') AS REAL) AS coverage_fuzzing,
    CAST(json_extract(f.v, '$[' || c.api_fuzzing || ']') AS REAL) AS api_fuzzing
  FROM fresh f CROSS JOIN cols c
),
-- One instance per subscription: the most billable users (unknown ranks last), then the later date, then the smaller id.
primary_rows AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY subscription_id
                               ORDER BY billable_users IS NULL, billable_users DESC, snapshot_date DESC, instance_id) AS pick
  FROM cells
),
-- Live accounts' subscriptions; the churn rule: ended on or before the date = no ARR, no usage.
subs AS (
  SELECT s.subscription_id, s.account_id, lower(s.plan) = 'ultimate' AS ultimate,
         CASE WHEN s.end_date IS NOT NULL AND s.end_date <= @as_of THEN 1 ELSE 0 END AS ended,
         CASE WHEN s.end_date IS NOT NULL AND s.end_date <= @as_of THEN 0.0 WHEN s.arr_cents > 0 THEN s.arr_cents / 100.0 ELSE 0.0 END AS weight
  FROM subscriptions s JOIN accounts a ON a.account_id = s.account_id
  WHERE a.archived_at_utc IS NULL
),
-- Each subscription's metric values (null = unknown: a missing cell or a zero denominator).
metric_values AS (
  SELECT s.subscription_id, s.account_id, s.ultimate, s.weight,
    CASE WHEN p.billable_users <> 0 THEN p.git_operation_users / p.billable_users END AS git_utilization,
    CASE WHEN p.billable_users <> 0 THEN p.ci_builds / p.billable_users END AS ci_builds_per_user,
    CASE WHEN p.billable_users <> 0 THEN p.deployment_users / p.billable_users END AS deployment_utilization,
    CASE WHEN p.billable_users <> 0 THEN p.deployments / p.billable_users END AS deployments_per_user,
    CASE WHEN p.successful_deployments + p.failed_deployments <> 0
         THEN p.successful_deployments / (p.successful_deployments + p.failed_deployments) END AS deployment_success,
    CASE WHEN s.ultimate AND p.billable_users <> 0 THEN p.secure_scanner_users / p.billable_users END AS scanner_utilization,
    CASE WHEN s.ultimate AND p.ci_internal_pipelines <> 0
         THEN (p.sast + p.dast + p.dependency_scanning + p.container_scanning + p.secret_detection + p.coverage_fuzzing + p.api_fuzzing)
              / p.ci_internal_pipelines END AS scans_per_pipeline,
    CASE WHEN s.ultimate THEN (p.sast > 0) + (p.dast > 0) + (p.dependency_scanning > 0) + (p.container_scanning > 0)
                              + (p.secret_detection > 0) + (p.coverage_fuzzing > 0) + (p.api_fuzzing > 0) END AS scanner_types
  FROM subs s LEFT JOIN primary_rows p ON p.subscription_id = s.subscription_id AND p.pick = 1 AND s.ended = 0
),
-- Points of each metric's color (red 25, yellow 63, green 88); null when the value is unknown.
metric_points AS (
  SELECT *,
    CASE WHEN ci_builds_per_user IS NULL THEN NULL WHEN ci_builds_per_user <= 2 THEN 25 WHEN ci_builds_per_user > 40 THEN 88 ELSE 63 END AS ci_points,
    CASE WHEN deployment_utilization IS NULL THEN NULL WHEN deployment_utilization < 0.05 THEN 25 WHEN deployment_utilization > 0.12 THEN 88 ELSE 63 END AS cd1,
    CASE WHEN deployments_per_user IS NULL THEN NULL WHEN deployments_per_user < 2 THEN 25 WHEN deployments_per_user > 7 THEN 88 ELSE 63 END AS cd2,
    CASE WHEN deployment_success IS NULL THEN NULL WHEN deployment_success < 0.25 THEN 25 WHEN deployment_success > 0.80 THEN 88 ELSE 63 END AS cd3,
    CASE WHEN scanner_utilization IS NULL THEN NULL WHEN scanner_utilization <= 0.05 THEN 25 WHEN scanner_utilization >= 0.20 THEN 88 ELSE 63 END AS sec1,
    CASE WHEN scans_per_pipeline IS NULL THEN NULL WHEN scans_per_pipeline < 0.1 THEN 25 WHEN scans_per_pipeline > 0.5 THEN 88 ELSE 63 END AS sec2,
    CASE WHEN scanner_types IS NULL THEN NULL WHEN scanner_types <= 1 THEN 25 WHEN scanner_types >= 3 THEN 88 ELSE 63 END AS sec3
  FROM metric_values
),
-- Each subscription's use-case score: the mean of its known metrics' points.
subscription_scores AS (
  SELECT subscription_id, account_id, ultimate, weight, git_utilization,
    ci_points * 1.0 AS ci_score,
    (COALESCE(cd1, 0) + COALESCE(cd2, 0) + COALESCE(cd3, 0)) * 1.0
      / NULLIF((cd1 IS NOT NULL) + (cd2 IS NOT NULL) + (cd3 IS NOT NULL), 0) AS cd_score,
    (COALESCE(sec1, 0) + COALESCE(sec2, 0) + COALESCE(sec3, 0)) * 1.0
      / NULLIF((sec1 IS NOT NULL) + (sec2 IS NOT NULL) + (sec3 IS NOT NULL), 0) AS security_score
  FROM metric_points
  ORDER BY account_id, subscription_id -- the rollup sums in subscription-id order, as the engine does
),
-- ARR-weighted means per account over the subscriptions where the value is known (one: its own value; no ARR: plain mean).
rollup AS (
  SELECT account_id,
    MAX(ultimate) AS has_ultimate,
    CASE WHEN COUNT(git_utilization) = 1 THEN MAX(git_utilization)
         WHEN SUM(CASE WHEN git_utilization IS NOT NULL THEN weight END) > 0
           THEN SUM(weight * git_utilization) / SUM(CASE WHEN git_utilization IS NOT NULL THEN weight END)
         ELSE AVG(git_utilization) END AS scm_value,
    CASE WHEN COUNT(ci_score) = 1 THEN MAX(ci_score)
         WHEN SUM(CASE WHEN ci_score IS NOT NULL THEN weight END) > 0
           THEN SUM(weight * ci_score) / SUM(CASE WHEN ci_score IS NOT NULL THEN weight END)
         ELSE AVG(ci_score) END AS ci_score,
    CASE WHEN COUNT(cd_score) = 1 THEN MAX(cd_score)
         WHEN SUM(CASE WHEN cd_score IS NOT NULL THEN weight END) > 0
           THEN SUM(weight * cd_score) / SUM(CASE WHEN cd_score IS NOT NULL THEN weight END)
         ELSE AVG(cd_score) END AS cd_score,
    CASE WHEN COUNT(security_score) = 1 THEN MAX(security_score)
         WHEN SUM(CASE WHEN security_score IS NOT NULL THEN weight END) > 0
           THEN SUM(weight * security_score) / SUM(CASE WHEN security_score IS NOT NULL THEN weight END)
         ELSE AVG(security_score) END AS security_score
  FROM subscription_scores
  GROUP BY account_id
),
colors AS (
  SELECT a.account_id,
    CASE WHEN r.scm_value IS NULL THEN 'unknown' WHEN r.scm_value <= 0.10 THEN 'red' WHEN r.scm_value > 0.33 THEN 'green' ELSE 'yellow' END AS scm,
    CASE WHEN r.ci_score IS NULL THEN 'unknown' WHEN r.ci_score > 75 THEN 'green' WHEN r.ci_score > 50 THEN 'yellow' ELSE 'red' END AS ci,
    CASE WHEN r.cd_score IS NULL THEN 'unknown' WHEN r.cd_score > 75 THEN 'green' WHEN r.cd_score > 50 THEN 'yellow' ELSE 'red' END AS cd,
    CASE WHEN r.security_score IS NULL THEN 'unknown' WHEN r.security_score > 75 THEN 'green' WHEN r.security_score > 50 THEN 'yellow' ELSE 'red' END AS security
  FROM accounts a LEFT JOIN rollup r ON r.account_id = a.account_id
  WHERE a.archived_at_utc IS NULL
)
SELECT account_id,
  CASE WHEN scm = 'unknown' AND ci = 'unknown' AND cd = 'unknown' AND security = 'unknown' THEN 'no data'
       WHEN (scm = 'green') + (ci = 'green') + (cd = 'green') + (security = 'green') >= 3 THEN '3+'
       ELSE CAST((scm = 'green') + (ci = 'green') + (cd = 'green') + (security = 'green') AS TEXT) END AS level,
  scm AS scm_color, ci AS ci_color, cd AS cd_color, security AS security_color
FROM colors
ORDER BY account_id;
