/* The registry: every rule, once, in catalogue order. Each X(ident) names the const
 * descriptor rt_rule_<ident> defined in rules/<name>.c (ident is the name with '_'
 * for '-'). Include with X defined. */
X(hand_edited_migration)
X(unrecorded_migration)
X(missing_migration_file)
X(sign_hook_misconfigured)
X(credentials_in_alembic_ini)
X(credentials_in_source)
X(leaked_token)
X(weak_local_credentials)
