/* The registry: every rule, once, in catalogue order. Each X(ident) names the const
 * descriptor rt_rule_<ident> defined in rules/<name>.c (ident is the name with '_'
 * for '-'). Include with X defined. */

/* integrity */
X(hand_edited_migration)
X(unrecorded_migration)
X(missing_migration_file)
X(migration_resigned)
X(sign_hook_misconfigured)

/* production */
X(applied_migration_modified)
X(applied_migration_removed)
X(revision_below_production_head)
X(unknown_production_revision)

/* revision graph */
X(multiple_heads)
X(missing_parent)
X(duplicate_revision)
X(revision_cycle)
X(invalid_revision_id)
X(unknown_dependency)
X(branch_label_conflict)
X(dynamic_revision_identifier)
X(filename_revision_mismatch)
X(revises_docstring_mismatch)

/* reversibility */
X(destructive_without_downgrade)
X(missing_downgrade)
X(downgrade_not_inverse)
X(irreversible_data_change)
X(enum_type_not_dropped)

/* secrets */
X(credentials_in_alembic_ini)
X(credentials_in_source)
X(leaked_token)
X(weak_local_credentials)

/* hygiene */
X(python_syntax_error)
X(empty_migration)
X(import_of_application_models)
X(unknown_suppression)

/* PostgreSQL */
X(adding_required_field)
X(adding_not_nullable_field)
X(adding_field_with_volatile_default)
X(adding_foreign_key_constraint)
X(constraint_missing_not_valid)
X(adding_primary_key_constraint)
X(disallowed_unique_constraint)
X(changing_column_type)
X(renaming_column)
X(renaming_table)
X(ban_drop_column)
X(ban_drop_table)
X(ban_drop_database)
X(ban_drop_not_null)
X(ban_truncate_cascade)
X(ban_char_field)
X(prefer_text_field)
X(prefer_bigint_over_int)
X(prefer_bigint_over_smallint)
X(prefer_identity)
X(prefer_timestamptz)
X(prefer_robust_stmts)
X(require_concurrent_index_creation)
X(require_concurrent_index_deletion)
X(require_concurrent_reindex)
X(require_concurrent_partition_detach)
X(concurrent_index_in_transaction)
X(ban_uncommitted_transaction)
X(transaction_nesting)
X(require_enum_value_ordering)
X(require_lock_timeout)
X(require_statement_timeout)
X(identifier_too_long)
X(ban_alter_domain_with_add_constraint)
X(ban_create_domain_with_constraint)
X(ban_duplicate_column_assignments)
X(update_without_where)
X(delete_without_where)
X(sql_syntax_error)
