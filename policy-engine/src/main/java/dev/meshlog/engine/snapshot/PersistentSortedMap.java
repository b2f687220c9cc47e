package dev.meshlog.engine.snapshot;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable sorted map whose {@link #with} and {@link #without} return a new map in O(log n),
 * sharing every untouched node with the old one (an AVL tree copied along one path). The fold keeps
 * the state before and after each event, and replay keeps older states, so an update cannot be in
 * place; copying a whole kind's map per event made registering N workloads O(N²).
 *
 * <p>Keys in their natural order, as a {@link TreeMap} without comparator sorts them, so iteration
 * order (and so every snapshot built from it) is what it was with TreeMap copies. The range views
 * ({@link #subMap}, {@link #headMap}, {@link #tailMap}) are unmodifiable copies of the range,
 * O(log n + range).
 */
public final class PersistentSortedMap<K extends Comparable<? super K>, V> extends AbstractMap<K, V> implements SortedMap<K, V> {

  private static final PersistentSortedMap<?, ?> EMPTY = new PersistentSortedMap<>(null);

  private record Node<K, V>(K key, V value, Node<K, V> left, Node<K, V> right, int height, int size) {}

  private final Node<K, V> root;

  private PersistentSortedMap(Node<K, V> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  public static <K extends Comparable<? super K>, V> PersistentSortedMap<K, V> empty() {
    return (PersistentSortedMap<K, V>) EMPTY;
  }

  /** This map with {@code key} mapped to {@code value}. */
  public PersistentSortedMap<K, V> with(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return new PersistentSortedMap<>(insert(root, key, value));
  }

  /** This map without {@code key}; this very map when the key is absent. */
  public PersistentSortedMap<K, V> without(K key) {
    return containsKey(key) ? new PersistentSortedMap<>(delete(root, key)) : this;
  }

  @Override
  public V get(Object key) {
    Node<K, V> n = find(key);
    return n == null ? null : n.value;
  }

  @Override
  public boolean containsKey(Object key) {
    return find(key) != null;
  }

  @Override
  public int size() {
    return size(root);
  }

  @Override
  public boolean isEmpty() {
    return root == null;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new InOrder<>(root, null);
      }

      @Override
      public int size() {
        return PersistentSortedMap.this.size();
      }
    };
  }

  @Override
  public Comparator<? super K> comparator() {
    return null;
  }

  @Override
  public K firstKey() {
    if (root == null) {
      throw new NoSuchElementException("empty map");
    }
    Node<K, V> n = root;
    while (n.left != null) {
      n = n.left;
    }
    return n.key;
  }

  @Override
  public K lastKey() {
    if (root == null) {
      throw new NoSuchElementException("empty map");
    }
    Node<K, V> n = root;
    while (n.right != null) {
      n = n.right;
    }
    return n.key;
  }

  /** The value of the first key, or null when empty. */
  public V firstValue() {
    Node<K, V> n = root;
    while (n != null && n.left != null) {
      n = n.left;
    }
    return n == null ? null : n.value;
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    if (fromKey.compareTo(toKey) > 0) {
      throw new IllegalArgumentException("fromKey > toKey");
    }
    return range(fromKey, toKey);
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return range(null, Objects.requireNonNull(toKey, "toKey"));
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return range(Objects.requireNonNull(fromKey, "fromKey"), null);
  }

  private SortedMap<K, V> range(K from, K to) {
    TreeMap<K, V> copy = new TreeMap<>();
    for (Iterator<Map.Entry<K, V>> it = new InOrder<>(root, from); it.hasNext(); ) {
      Map.Entry<K, V> e = it.next();
      if (to != null && e.getKey().compareTo(to) >= 0) {
        break;
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  @SuppressWarnings("unchecked")
  private Node<K, V> find(Object key) {
    if (key == null) {
      return null;
    }
    K k = (K) key;
    Node<K, V> n = root;
    while (n != null) {
      int c = k.compareTo(n.key);
      if (c == 0) {
        return n;
      }
      n = c < 0 ? n.left : n.right;
    }
    return null;
  }

  private static int height(Node<?, ?> n) {
    return n == null ? 0 : n.height;
  }

  private static int size(Node<?, ?> n) {
    return n == null ? 0 : n.size;
  }

  private static <K, V> Node<K, V> node(K key, V value, Node<K, V> left, Node<K, V> right) {
    return new Node<>(key, value, left, right, 1 + Math.max(height(left), height(right)), 1 + size(left) + size(right));
  }

  /** A node over {@code left} and {@code right}, whose heights differ by at most 2, rotated back into AVL balance. */
  private static <K, V> Node<K, V> balance(K key, V value, Node<K, V> left, Node<K, V> right) {
    if (height(left) > height(right) + 1) {
      if (height(left.left) >= height(left.right)) {
        return node(left.key, left.value, left.left, node(key, value, left.right, right));
      }
      Node<K, V> lr = left.right;
      return node(lr.key, lr.value, node(left.key, left.value, left.left, lr.left), node(key, value, lr.right, right));
    }
    if (height(right) > height(left) + 1) {
      if (height(right.right) >= height(right.left)) {
        return node(right.key, right.value, node(key, value, left, right.left), right.right);
      }
      Node<K, V> rl = right.left;
      return node(rl.key, rl.value, node(key, value, left, rl.left), node(right.key, right.value, rl.right, right.right));
    }
    return node(key, value, left, right);
  }

  private static <K extends Comparable<? super K>, V> Node<K, V> insert(Node<K, V> n, K key, V value) {
    if (n == null) {
      return node(key, value, null, null);
    }
    int c = key.compareTo(n.key);
    if (c < 0) {
      return balance(n.key, n.value, insert(n.left, key, value), n.right);
    }
    if (c > 0) {
      return balance(n.key, n.value, n.left, insert(n.right, key, value));
    }
    return new Node<>(n.key, value, n.left, n.right, n.height, n.size);
  }

  private static <K extends Comparable<? super K>, V> Node<K, V> delete(Node<K, V> n, K key) {
    int c = key.compareTo(n.key);
    if (c < 0) {
      return balance(n.key, n.value, delete(n.left, key), n.right);
    }
    if (c > 0) {
      return balance(n.key, n.value, n.left, delete(n.right, key));
    }
    if (n.left == null) {
      return n.right;
    }
    if (n.right == null) {
      return n.left;
    }
    Node<K, V> min = n.right;
    while (min.left != null) {
      min = min.left;
    }
    return balance(min.key, min.value, n.left, deleteMin(n.right));
  }

  private static <K, V> Node<K, V> deleteMin(Node<K, V> n) {
    if (n.left == null) {
      return n.right;
    }
    return balance(n.key, n.value, deleteMin(n.left), n.right);
  }

  /** In-order walk from the first key at or after {@code from} (from the start when null), with a stack of pending ancestors. */
  private static final class InOrder<K extends Comparable<? super K>, V> implements Iterator<Map.Entry<K, V>> {
    private final Deque<Node<K, V>> stack = new ArrayDeque<>();

    InOrder(Node<K, V> root, K from) {
      Node<K, V> n = root;
      while (n != null) {
        if (from == null || from.compareTo(n.key) <= 0) {
          stack.push(n);
          n = n.left;
        } else {
          n = n.right;
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !stack.isEmpty();
    }

    @Override
    public Map.Entry<K, V> next() {
      if (stack.isEmpty()) {
        throw new NoSuchElementException();
      }
      Node<K, V> n = stack.pop();
      for (Node<K, V> m = n.right; m != null; m = m.left) {
        stack.push(m);
      }
      return new AbstractMap.SimpleImmutableEntry<>(n.key, n.value);
    }
  }
}
