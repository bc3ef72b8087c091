/**
 * One running member, wired together: {@link io.etcdj.server.node.EtcdNode} and its start-up order.
 *
 * <h2>Start-up order</h2>
 * <ol>
 *   <li>Certificates and keys are read (a bad file stops start-up naming it; a key readable by others is warned
 *       about), and the peer port's trust model is warned about when peers are plain ({@code SecurityWarnings}).</li>
 *   <li>Both ports are bound: the peer port starts serving through {@code StartingPeer} (messages dropped, joins
 *       told "try again"), the client port is bound but not yet serving ({@code DeferredHandler}). A busy port stops
 *       start-up here, before the data dir is touched.</li>
 *   <li>The data dir is created 0700 and locked ({@code DataDirLock}); the log and the newest snapshot are opened and
 *       checked (a log cut back behind what was acknowledged, or damage in what was fsynced, stops start-up).</li>
 *   <li>The member takes its place ({@code ClusterEntry}): restart from its log (republishing its URLs if they
 *       changed), form a new cluster, or join one through {@code -peers}.</li>
 *   <li>The client port starts serving, and the node logs what listens where.</li>
 * </ol>
 *
 * <h2>Removal</h2>
 * {@code MemberRun} is the member for the whole life of the process: when the cluster removes it, the node is closed,
 * standby_info is written beside its log (kept: a member must never come back under its old id having forgotten its
 * votes and entries), and the node starts again on the same config, as a standby from that file (etcd 0.4.6's peer
 * server handing over to its standby server).
 */
package io.etcdj.server.node;
