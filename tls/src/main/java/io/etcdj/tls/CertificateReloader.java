package io.etcdj.tls;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS material that follows its files, so certificates can be rotated without restarting the node.
 *
 * <p>There is no watcher thread: when a handshake asks for the key or checks a peer, and at least
 * {@code checkInterval} has passed since the last look, the files' modification times and sizes are compared with
 * those of the loaded material. If they changed, the files are loaded again; new handshakes use the new material and
 * established connections keep theirs. If the new files are bad (half-copied, key not matching yet), a warning is
 * logged and the old material stays in use until the files change again.
 */
public final class CertificateReloader {
    private static final System.Logger LOG = System.getLogger(CertificateReloader.class.getName());

    private final TlsConfig config;
    private final long checkIntervalNanos;
    private final AtomicLong generation = new AtomicLong();
    private final ReloadingKeyManager keyManager = new ReloadingKeyManager(this);
    private final ReloadingTrustManager trustManager = new ReloadingTrustManager(this);
    private final SSLContext sslContext;
    private volatile TlsMaterial current;
    private volatile TlsMaterial previous;
    private volatile List<Object> loadedStamp;
    private volatile List<Object> seenStamp;
    private volatile long lastCheckNanos;

    private CertificateReloader(TlsConfig config, Duration checkInterval) throws TlsConfigException {
        if (checkInterval.isNegative()) {
            throw new IllegalArgumentException("checkInterval must not be negative: " + checkInterval);
        }
        this.config = config;
        this.checkIntervalNanos = checkInterval.toNanos();
        List<Object> stamp = stamp();
        this.current = TlsMaterial.load(config, nextAlias());
        this.loadedStamp = stamp;
        this.seenStamp = stamp;
        this.lastCheckNanos = System.nanoTime();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
            this.sslContext = ProtocolPinnedSslContext.wrap(context, TlsMaterial.PROTOCOLS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS SSLContext", e);
        }
    }

    /**
     * Loads the material now (failing like {@link TlsMaterial#load} if it is bad, so startup still fails loudly) and
     * rechecks the files at most once per {@code checkInterval}; {@link Duration#ZERO} checks on every handshake.
     */
    public static CertificateReloader start(TlsConfig config, Duration checkInterval) throws TlsConfigException {
        return new CertificateReloader(config, checkInterval);
    }

    /** Key manager that always presents the newest good certificate. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** Trust manager that always checks against the newest good CA file. */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** An SSLContext (TLSv1.3 and TLSv1.2 only) built on the reloading managers. */
    public SSLContext sslContext() {
        return sslContext;
    }

    public SSLParameters sslParameters() {
        return TlsParameters.forServer(config.clientAuth());
    }

    /** The material in use now. */
    public TlsMaterial current() {
        return current;
    }

    /** Called at the start of every handshake step; cheap unless the interval has passed. */
    TlsMaterial currentAfterCheck() {
        long now = System.nanoTime();
        if (now - lastCheckNanos >= checkIntervalNanos) {
            lastCheckNanos = now;
            checkNow();
        }
        return current;
    }

    /** The material whose key store holds {@code alias}: the current one, or the one a handshake in flight chose. */
    TlsMaterial byAlias(String alias) {
        TlsMaterial now = current;
        if (now.alias().equals(alias)) {
            return now;
        }
        TlsMaterial before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    /**
     * Looks at the files now and reloads if they changed. Returns true if new material was taken into use. A failed
     * reload is logged once per change of the files, not on every handshake.
     */
    public synchronized boolean checkNow() {
        List<Object> stamp = stamp();
        if (stamp.equals(loadedStamp) || stamp.equals(seenStamp)) {
            return false;
        }
        seenStamp = stamp;
        try {
            TlsMaterial fresh = TlsMaterial.load(config, nextAlias());
            previous = current;
            current = fresh;
            loadedStamp = stamp;
            LOG.log(
                    Level.INFO,
                    "reloaded TLS material ({0}, {1}, {2})",
                    config.certFile(),
                    config.keyFile(),
                    config.caFile());
            return true;
        } catch (TlsConfigException e) {
            LOG.log(Level.WARNING, "kept the previous TLS material: " + e.getMessage());
            return false;
        }
    }

    private String nextAlias() {
        return "etcdj-" + generation.incrementAndGet();
    }

    /** Modification time and size of each file; a file that cannot be read is recorded as missing. */
    private List<Object> stamp() {
        List<Object> stamp = new ArrayList<>();
        for (Path file : new Path[] {config.certFile(), config.keyFile(), config.caFile()}) {
            if (file == null) {
                continue;
            }
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamp.add(List.of(attributes.lastModifiedTime(), attributes.size()));
            } catch (IOException e) {
                stamp.add("missing");
            }
        }
        return List.copyOf(stamp);
    }
}
