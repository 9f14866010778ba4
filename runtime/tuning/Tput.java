// The tuning harness behind BENCHMARKS.md's tuning table: the reference CNN (or bn) trained with
// pre-batched arrays, no framework, one configuration per JVM (./tuning.sh runs them all).
// usage: java Tput ARCH BATCH IMAGES CACHEMODE [layerdrop]; -Dws=NONE, -Dlistcache=1 vary the rest.
import java.nio.file.*; import java.io.*; import java.util.*;
import org.deeplearning4j.nn.conf.*; import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType; import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork; import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation; import org.nd4j.linalg.api.ndarray.INDArray; import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaMax; import org.nd4j.linalg.lossfunctions.LossFunctions;
public class Tput {
  static float[] imgs; static int[] labs;
  public static void main(String[] a) throws Exception {
    String arch=a[0]; int batch=Integer.parseInt(a[1]); int n=Integer.parseInt(a[2]); String cache=a[3]; boolean layerDrop=a.length>4&&a[4].equals("layerdrop");
    byte[] b=Files.readAllBytes(Path.of(System.getProperty("user.home"),".cache/digit-workbench/datasets/mnist/train-images-idx3-ubyte"));
    byte[] l=Files.readAllBytes(Path.of(System.getProperty("user.home"),".cache/digit-workbench/datasets/mnist/train-labels-idx1-ubyte"));
    imgs=new float[n*784]; for(int i=0;i<n*784;i++) imgs[i]=(b[16+i]&255)/255f;
    var lb=new NeuralNetConfiguration.Builder().seed(1).updater(new AdaMax(0.001,0.9,0.999,1e-7)).weightInit(WeightInit.XAVIER)
      .trainingWorkspaceMode(WorkspaceMode.valueOf(System.getProperty("ws","ENABLED"))).inferenceWorkspaceMode(WorkspaceMode.valueOf(System.getProperty("ws","ENABLED"))).cacheMode(CacheMode.valueOf(cache)).list();
    if(arch.equals("reference")){
      lb.layer(new ConvolutionLayer.Builder(3,3).nOut(16).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2,2).stride(2,2).build())
        .layer(new ConvolutionLayer.Builder(3,3).nOut(64).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2,2).stride(2,2).build());
      if(layerDrop){
        lb.layer(new DenseLayer.Builder().nOut(128).dropOut(0.8).activation(Activation.RELU).build())
          .layer(new DenseLayer.Builder().nOut(64).dropOut(0.8).activation(Activation.RELU).build())
          .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).dropOut(0.8).nOut(10).activation(Activation.SOFTMAX).build());
      } else {
        lb.layer(new DropoutLayer.Builder(new Dropout(0.8)).build())
        .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
        .layer(new DropoutLayer.Builder(new Dropout(0.8)).build())
        .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
        .layer(new DropoutLayer.Builder(new Dropout(0.8)).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
      }
    } else {
      lb.layer(new ConvolutionLayer.Builder(3,3).nOut(32).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2,2).stride(2,2).build())
        .layer(new ConvolutionLayer.Builder(3,3).nOut(64).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2,2).stride(2,2).build())
        .layer(new DropoutLayer.Builder(new Dropout(0.75)).build())
        .layer(new DenseLayer.Builder().nOut(128).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
        .layer(new DropoutLayer.Builder(new Dropout(0.7)).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
    }
    lb.setInputType(InputType.convolutionalFlat(28,28,1));
    if(System.getProperty("listcache")!=null) lb.cacheMode(CacheMode.valueOf(cache));
    var net=new MultiLayerNetwork(lb.build()); net.init();
    int nb=n/batch; INDArray[] xs=new INDArray[nb], ys=new INDArray[nb];
    for(int i=0;i<nb;i++){ xs[i]=Nd4j.create(Arrays.copyOfRange(imgs,i*batch*784,(i+1)*batch*784),new long[]{batch,784},'c');
      float[] y=new float[batch*10]; for(int j=0;j<batch;j++) y[j*10+(l[8+i*batch+j]&255)]=1; ys[i]=Nd4j.create(y,new long[]{batch,10},'c'); }
    double[] rates=new double[6]; for(int rep=0;rep<6;rep++){ long t0=System.nanoTime(); for(int i=0;i<nb;i++) net.fit(xs[i],ys[i]);
      double s=(System.nanoTime()-t0)/1e9; rates[rep]=nb*batch/s; }
    double[] r=Arrays.copyOfRange(rates,1,6); Arrays.sort(r); System.out.printf("%s batch %d %s %s rep 2: %.0f img/s median of 5 (min %.0f max %.0f)%n",arch,batch,cache,layerDrop?"layerdrop":"dropoutlayer",r[2],r[0],r[4]);
    INDArray one=xs[0].getRow(0,true); for(int i=0;i<300;i++) net.output(one);
    long[] t=new long[1000]; for(int i=0;i<1000;i++){long s=System.nanoTime(); net.output(one); t[i]=System.nanoTime()-s;} Arrays.sort(t);
    System.out.printf("single p50 %.3f ms p99 %.3f ms%n",t[500]/1e6,t[990]/1e6);
    INDArray all=Nd4j.create(Arrays.copyOf(imgs,Math.min(n,5000)*784),new long[]{Math.min(n,5000),784},'c');
    net.output(all); long s0=System.nanoTime(); for(int i=0;i<3;i++) net.output(all); System.out.printf("eval %.0f img/s%n",3*Math.min(n,5000)/((System.nanoTime()-s0)/1e9));
  }
}
