//! RDS reads: the stack's DB subnet group and database.

use super::*;

fn not_found(e: &Error, codes: &[&str]) -> bool {
    crate::aws::outcome::aws_code(e).is_some_and(|c| codes.contains(&c))
}

pub(crate) async fn db_subnet_group(
    c: &Clients,
    name: &str,
    stack: &str,
) -> Result<Option<SubnetGroup>> {
    match call!(
        c,
        "rds:DescribeDBSubnetGroups",
        c.rds
            .describe_db_subnet_groups()
            .db_subnet_group_name(name)
            .send()
    ) {
        Ok(out) => {
            let Some(g) = out.db_subnet_groups().first() else {
                return Ok(None);
            };
            let ours = match g.db_subnet_group_arn() {
                Some(arn) => call!(
                    c,
                    "rds:ListTagsForResource",
                    c.rds.list_tags_for_resource().resource_name(arn).send()
                )?
                .tag_list()
                .iter()
                .any(|t| t.key() == Some(TAG_STACK) && t.value() == Some(stack)),
                None => false,
            };
            Ok(Some(SubnetGroup {
                name: g.db_subnet_group_name().unwrap_or(name).to_owned(),
                ours,
            }))
        }
        Err(e) if not_found(&e, &["DBSubnetGroupNotFoundFault", "DBSubnetGroupNotFound"]) => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

pub(crate) async fn database(c: &Clients, id: &str, stack: &str) -> Result<Option<Database>> {
    let out = match call!(
        c,
        "rds:DescribeDBInstances",
        c.rds
            .describe_db_instances()
            .db_instance_identifier(id)
            .send()
    ) {
        Ok(out) => out,
        Err(e) if not_found(&e, &["DBInstanceNotFound", "DBInstanceNotFoundFault"]) => {
            return Ok(None)
        }
        Err(e) => return Err(e),
    };
    Ok(out.db_instances().first().map(|d| Database {
        id: d.db_instance_identifier().unwrap_or(id).to_owned(),
        status: d.db_instance_status().unwrap_or_default().to_owned(),
        class: d.db_instance_class().unwrap_or_default().to_owned(),
        engine: d.engine().unwrap_or_default().to_owned(),
        engine_version: d.engine_version().unwrap_or_default().to_owned(),
        endpoint: d.endpoint().and_then(|e| e.address()).map(str::to_owned),
        port: d.endpoint().and_then(|e| e.port()),
        master_user: d.master_username().map(str::to_owned),
        public: d.publicly_accessible().unwrap_or(false),
        encrypted: d.storage_encrypted().unwrap_or(false),
        protected: d.deletion_protection().unwrap_or(false),
        backup_days: d.backup_retention_period().unwrap_or(0),
        storage_gb: d.allocated_storage().unwrap_or(0),
        aws_managed_password: d.master_user_secret().is_some(),
        ours: d
            .tag_list()
            .iter()
            .any(|t| t.key() == Some(TAG_STACK) && t.value() == Some(stack)),
    }))
}
