//! The organisation as a graph (petgraph): applications, teams and domains,
//! with ownership, membership and parent edges. From it come the components of
//! "could share a rota", which are solved independently.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;

use crate::model::{Cover, Model};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Application(usize),
    Team(usize),
    Domain(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Application to its owning team.
    Owns,
    /// Application to a domain listed in the file.
    Member,
    /// Domain to its parent.
    Parent,
}

pub struct OrgGraph {
    pub graph: UnGraph<Node, Edge>,
    app_nodes: Vec<NodeIndex>,
}

impl OrgGraph {
    pub fn build(m: &Model) -> OrgGraph {
        let mut graph = UnGraph::new_undirected();
        let team_nodes: Vec<NodeIndex> = (0..m.teams.len())
            .map(|t| graph.add_node(Node::Team(t)))
            .collect();
        let domain_nodes: Vec<NodeIndex> = (0..m.domains.len())
            .map(|d| graph.add_node(Node::Domain(d)))
            .collect();
        for (d, dom) in m.domains.iter().enumerate() {
            if let Some(p) = dom.parent {
                graph.add_edge(domain_nodes[d], domain_nodes[p], Edge::Parent);
            }
        }
        let mut app_nodes = Vec::with_capacity(m.applications.len());
        for (i, a) in m.applications.iter().enumerate() {
            let n = graph.add_node(Node::Application(i));
            graph.add_edge(n, team_nodes[a.team], Edge::Owns);
            for &d in &a.domains {
                graph.add_edge(n, domain_nodes[d], Edge::Member);
            }
            app_nodes.push(n);
        }
        OrgGraph { graph, app_nodes }
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Applications that could end up on one rota, directly or through a chain
    /// of others, grouped; each group sorted, groups ordered by first member.
    ///
    /// Two applications are linked when they may share a team rota (same team,
    /// both can take team cover) or a domain rota (both can take domain cover
    /// and share a product or architectural domain). Parent edges need no
    /// walking: membership already includes every ancestor.
    pub fn rota_components(&self, m: &Model) -> Vec<Vec<usize>> {
        let n_apps = m.applications.len();
        let n = n_apps + m.teams.len() + m.domains.len();
        let mut uf = UnionFind::<usize>::new(n);
        for (i, a) in m.applications.iter().enumerate() {
            if m.best_cost(a, Cover::TeamRota).is_some() {
                uf.union(i, n_apps + a.team);
            }
            if m.best_cost(a, Cover::DomainRota).is_some() {
                for d in m.rota_domains(a) {
                    uf.union(i, n_apps + m.teams.len() + d);
                }
            }
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for i in 0..n_apps {
            groups.entry(uf.find(i)).or_default().push(i);
        }
        let mut out: Vec<Vec<usize>> = groups.into_values().collect();
        out.sort_by_key(|g| g[0]);
        out
    }

    pub fn application_node(&self, a: usize) -> NodeIndex {
        self.app_nodes[a]
    }
}
