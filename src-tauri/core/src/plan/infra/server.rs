//! The server part of the plan: key pair, security group, instance, static IP.

use super::*;

pub(super) fn server(b: &mut Builder, live: &Live, key_in_keychain: bool) {
    let infra = b.infra;
    let Some(s) = &infra.server else { return };
    let names = infra.names();
    match &live.key {
        None => {
            b.push(
                KEY,
                Action::Create,
                Kind::InfraKey,
                &names.key(),
                format!(
                    "import SSH key pair {} (made here; the private half stays in the keychain)",
                    names.key()
                ),
                Op::ImportKey,
            );
        }
        Some(k) => {
            b.out.keep(Kind::InfraKey, &k.name);
            if !key_in_keychain {
                b.out
                    .notes
                    .push(Note::new(NoteCode::InfraKeyNotInKeychain).with("key", &k.name));
            }
        }
    }
    let want = server_rules(infra);
    let vpc_id = live
        .network
        .as_ref()
        .map(|n| n.vpc_id.clone())
        .unwrap_or_default();
    let world_ssh = |rules: &[Rule]| rules.iter().any(|r| r.port == 22 && is_world(&r.from));
    match &live.server_sg {
        None => {
            let c = b.push(
                SERVER_SG,
                Action::Create,
                Kind::InfraServerSg,
                &names.server_sg(),
                format!(
                    "create security group {} ({})",
                    names.server_sg(),
                    describe_rules(&want)
                ),
                Op::ServerSg {
                    vpc_id: vpc_id.clone(),
                    rules: want.clone(),
                },
            );
            c.after = Some(describe_rules(&want));
            if world_ssh(&want) {
                c.risk = Some(Risk::SshOpenToWorld);
            }
        }
        Some(g) if g.rules != want => {
            let c = b.push(
                SERVER_SG,
                Action::Update,
                Kind::InfraServerSg,
                &g.name,
                format!(
                    "set the rules of security group {}: {}",
                    g.name,
                    describe_rules(&want)
                ),
                Op::ServerSg {
                    vpc_id: vpc_id.clone(),
                    rules: want.clone(),
                },
            );
            c.before = Some(describe_rules(&g.rules));
            c.after = Some(describe_rules(&want));
            if world_ssh(&want) && !world_ssh(&g.rules) {
                c.risk = Some(Risk::SshOpenToWorld);
            }
        }
        Some(g) => b.out.keep(Kind::InfraServerSg, &g.name),
    }
    match &live.instance {
        None => {
            let image = live.image_id.clone().unwrap_or_default();
            let deps = b.out.deps(&[KEY, SERVER_SG]);
            let after = format!(
                "{}, {} GB gp3 encrypted, IMDSv2 required{}",
                s.instance_type,
                s.disk_gb,
                if infra.protect {
                    ", termination protection"
                } else {
                    ""
                }
            );
            let c = b.push(
                SERVER,
                Action::Create,
                Kind::InfraServer,
                &format!("baseline-{}-server", infra.name),
                format!("launch the server ({after}) from {image}"),
                Op::RunServer {
                    image_id: image.clone(),
                    instance_type: s.instance_type.clone(),
                    disk_gb: s.disk_gb as i32,
                    subnet_id: live.network.as_ref().and_then(|n| n.server_subnet.clone()),
                    protect: infra.protect,
                },
            );
            c.after = Some(after);
            c.values = Some(serde_json::json!({
                "instance_type": s.instance_type, "disk_gb": s.disk_gb, "image_id": image,
                "protect": infra.protect,
            }));
            c.deps = deps;
        }
        Some(i) => {
            if let Some((volume_id, gb)) = &i.root_volume {
                if (s.disk_gb as i32) > *gb {
                    let c = b.push(
                        "infra:disk",
                        Action::Update,
                        Kind::InfraServer,
                        volume_id,
                        format!("grow the server's disk from {gb} to {} GB", s.disk_gb),
                        Op::GrowDisk {
                            volume_id: volume_id.clone(),
                            gb: s.disk_gb as i32,
                        },
                    );
                    c.before = Some(format!("{gb} GB"));
                    c.after = Some(format!(
                        "{} GB (grow the file system on the server: sudo xfs_growfs -d /)",
                        s.disk_gb
                    ));
                } else if (s.disk_gb as i32) < *gb {
                    b.out.notes.push(
                        Note::new(NoteCode::InfraReplaceNeeded)
                            .with("resource", "server")
                            .with("field", "disk_gb")
                            .with("have", &gb.to_string())
                            .with("want", &s.disk_gb.to_string()),
                    );
                }
            }
            if i.instance_type != s.instance_type {
                b.out.notes.push(
                    Note::new(NoteCode::InfraReplaceNeeded)
                        .with("resource", "server")
                        .with("field", "instance_type")
                        .with("have", &i.instance_type)
                        .with("want", &s.instance_type),
                );
            }
            if i.protected != infra.protect {
                let c = b.push(
                    SERVER,
                    Action::Update,
                    Kind::InfraServer,
                    &i.id,
                    format!(
                        "turn termination protection {} on {}",
                        if infra.protect { "on" } else { "off" },
                        i.id
                    ),
                    Op::ServerProtection { on: infra.protect },
                );
                c.before = Some(format!(
                    "protection {}",
                    if i.protected { "on" } else { "off" }
                ));
                c.after = Some(format!(
                    "protection {}",
                    if infra.protect { "on" } else { "off" }
                ));
            } else {
                b.out.keep(Kind::InfraServer, &i.id);
            }
        }
    }
    let attached = match (&live.address, &live.instance) {
        (Some(a), Some(i)) => a.instance_id.as_deref() == Some(i.id.as_str()),
        _ => false,
    };
    match (&live.address, s.static_ip) {
        (None, true) => {
            let deps = b.out.deps(&[SERVER]);
            let c = b.push(
                IP,
                Action::Create,
                Kind::InfraIp,
                "elastic-ip",
                "allocate a static IP (Elastic IP) and attach it to the server".into(),
                Op::StaticIp,
            );
            c.deps = deps;
        }
        (Some(a), true) if !attached => {
            let deps = b.out.deps(&[SERVER]);
            let c = b.push(
                IP,
                Action::Update,
                Kind::InfraIp,
                &a.public_ip,
                format!("attach the static IP {} to the server", a.public_ip),
                Op::StaticIp,
            );
            c.before = Some("not attached (billed while idle)".into());
            c.after = Some("attached to the server".into());
            c.deps = deps;
        }
        (Some(a), true) => b.out.keep(Kind::InfraIp, &a.public_ip),
        (Some(a), false) => {
            let c = b.push(
                IP,
                Action::Delete,
                Kind::InfraIp,
                &a.public_ip,
                format!("release the static IP {}", a.public_ip),
                Op::ReleaseIp,
            );
            c.before = Some(a.public_ip.clone());
            c.risk = Some(Risk::ReleasesIp);
        }
        (None, false) => {}
    }
}
