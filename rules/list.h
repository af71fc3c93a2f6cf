/* The registry: every rule, once, in catalogue order. Each X(ident) names the const
 * descriptor rt_rule_<ident> defined in rules/<name>.c (ident is the name with '_'
 * for '-'). Include with X defined. */
X(sign_hook_misconfigured)
