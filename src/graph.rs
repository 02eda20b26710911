//! The organisation as a graph (petgraph): applications, teams and domains,
//! with ownership, membership and parent edges. From it come the components of
//! "could share a rota", which are solved independently.

use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
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

/// Cycles in the domain parent relation (`parents[d]` is `d`'s parent), each
/// listed from its first domain in file order along the parent links.
pub fn parent_cycles(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut g = DiGraph::<usize, ()>::new();
    let nodes: Vec<NodeIndex> = (0..parents.len()).map(|d| g.add_node(d)).collect();
    for (d, p) in parents.iter().enumerate() {
        if let Some(p) = p {
            g.add_edge(nodes[d], nodes[*p], ());
        }
    }
    let mut cycles: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&g)
        .into_iter()
        .filter(|scc| scc.len() > 1 || parents[scc[0].index()] == Some(scc[0].index()))
        .map(|scc| {
            // Each domain has one parent, so a strongly connected component is
            // one simple cycle: walk it from its first member.
            let first = scc.iter().map(|n| n.index()).min().unwrap_or(0);
            let mut cycle = vec![first];
            let mut cur = first;
            while let Some(p) = parents[cur].filter(|&p| p != first) {
                cycle.push(p);
                cur = p;
            }
            cycle
        })
        .collect();
    cycles.sort();
    cycles
}

#[cfg(test)]
mod tests {
    use super::parent_cycles;

    #[test]
    fn finds_each_cycle_once_and_ignores_chains() {
        // 0 -> 1 -> 2 -> 0, 3 -> 0 (a chain into the cycle), 4 -> 4, 5 -> none.
        let parents = [Some(1), Some(2), Some(0), Some(0), Some(4), None];
        assert_eq!(parent_cycles(&parents), vec![vec![0, 1, 2], vec![4]]);
        assert!(parent_cycles(&[None, Some(0), Some(1)]).is_empty());
    }
}
